package dev.talon.ai.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.ai.ollama.fake.Reply;
import dev.talon.ai.testing.AddonPanel;
import dev.talon.core.testing.TestPanel;
import dev.talon.core.testing.WebClient;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The help centre in a real panel with the built add-on jar: BM25 with Ollama down, fused with embeddings when up. */
class HelpCentreIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    @Test
    void with_ollama_down_the_help_page_finds_the_right_article_by_keywords_and_ask_says_the_service_is_offline() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        try (AddonPanel panel = AddonPanel.start(root, FakeOllama.start(), null, Map.of("OLLAMA_HOST", "http://127.0.0.1:" + deadPort))) {
            WebClient web = panel.admin();
            WebClient.Page page = web.get("/ai/help?q=" + enc("server says I need to agree to the EULA"));
            assertEquals(200, page.status(), page.body());
            assertTrue(page.body().contains("data-mode=\"bm25\""), page.body());
            int first = page.body().indexOf("class=\"card help-result\"");
            assertTrue(first > 0 && page.body().indexOf("data-slug=\"crash-causes\"") == page.body().indexOf("data-slug=", first),
                    "the crash-causes article comes first:\n" + page.body());
            assertTrue(page.body().contains("href=\"/ai/help/crash-causes#eula-not-accepted\""), page.body());

            WebClient.Page article = web.get("/ai/help/crash-causes");
            assertEquals(200, article.status());
            assertTrue(article.body().contains("<h2 id=\"eula-not-accepted\">EULA not accepted</h2>"), article.body());

            JsonNode json = JSON.readTree(web.get("/api/ai/help/search?q=" + enc("two-factor authentication")).body());
            assertEquals("bm25", json.get("mode").asText());
            assertEquals("security", json.get("results").get(0).get("slug").asText());

            WebClient.Page ask = web.send("POST", "/api/ai/help/ask", "{\"question\":\"How do I restore a backup?\"}",
                    Map.of("X-CSRF-Token", web.csrf()));
            String[] lines = ask.body().split("\n");
            JsonNode sources = JSON.readTree(lines[0]);
            assertEquals("sources", sources.get("type").asText());
            assertEquals("backups-and-schedules", sources.get("sources").get(0).get("href").asText().split("/")[3].split("#")[0]);
            JsonNode last = JSON.readTree(lines[lines.length - 1]);
            assertEquals("error", last.get("type").asText());
            assertTrue(last.get("error").asText().contains("offline"), last.toString());
        }
    }

    @Test
    void with_ollama_up_passages_are_embedded_searches_are_fused_and_ask_streams_an_answer_with_sources() throws Exception {
        try (FakeOllama ollama = FakeOllama.start().withModel("nomic-embed-text").withModel("llama3.1:8b");
             AddonPanel panel = AddonPanel.start(root, ollama, null, Map.of())) {
            WebClient web = panel.admin();
            JsonNode json = AddonPanel.eventually(() -> read(web.get("/api/ai/help/search?q=" + enc("port already in use")).body()),
                    j -> "hybrid".equals(j.path("mode").asText()), "a fused search");
            assertFalse(json.get("results").isEmpty());
            assertTrue(ollama.requestCount("/api/embed") >= 2, "passages and the query were embedded");
            assertTrue(ollama.requests("/api/embed").getLast().path("input").get(0).asText().contains("port already in use"));
            assertTrue(web.get("/ai/help?q=" + enc("port already in use")).body().contains("data-mode=\"hybrid\""));

            ollama.enqueue("/api/chat", Reply.chat("Stop the server, ", "put the backup back [1]."));
            WebClient.Page ask = web.send("POST", "/api/ai/help/ask", "{\"question\":\"How do I restore a backup?\"}",
                    Map.of("X-CSRF-Token", web.csrf()));
            assertTrue(ask.body().contains("\"type\":\"token\""), ask.body());
            String[] lines = ask.body().split("\n");
            JsonNode done = JSON.readTree(lines[lines.length - 1]);
            assertEquals("done", done.get("type").asText(), ask.body());
            assertTrue(done.get("html").asText().contains("put the backup back [1]."));
            String prompt = ollama.requests("/api/chat").getLast().path("messages").get(1).path("content").asText();
            assertTrue(prompt.contains("[1] Backups and schedules"), prompt);
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(body, e);
        }
    }

    private static String enc(String q) {
        return java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8);
    }
}
