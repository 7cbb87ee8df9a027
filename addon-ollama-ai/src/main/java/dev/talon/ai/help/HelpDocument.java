package dev.talon.ai.help;

import java.util.Objects;

/**
 * One help article or uploaded document.
 *
 * @param slug its address under {@code /ai/help/}; letters, digits and dashes
 * @param title the first heading, or the slug when there is none
 * @param markdown its text: Markdown, or plain text when {@code plain}
 * @param bundled whether it ships in the add-on (as opposed to uploaded by an administrator)
 * @param plain whether the text is plain (an uploaded .txt or PDF): shown escaped, as written
 */
public record HelpDocument(String slug, String title, String markdown, boolean bundled, boolean plain) {

    public HelpDocument {
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(markdown, "markdown");
        if (!slug.matches("[a-z0-9][a-z0-9-]{0,79}")) {
            throw new IllegalArgumentException("A help document's slug must be lower-case letters, digits and dashes: " + slug);
        }
        title = title == null || title.isBlank() ? slug : title.strip();
    }

    public HelpDocument(String slug, String title, String markdown, boolean bundled) {
        this(slug, title, markdown, bundled, false);
    }

    /** A document whose title is its first {@code # } heading. */
    public static HelpDocument of(String slug, String markdown, boolean bundled) {
        String title = markdown.lines().filter(l -> l.startsWith("# ")).map(l -> l.substring(2)).findFirst().orElse(slug);
        return new HelpDocument(slug, title, markdown, bundled);
    }

    /** The panel address of the rendered document. */
    public String href() {
        return "/ai/help/" + slug;
    }
}
