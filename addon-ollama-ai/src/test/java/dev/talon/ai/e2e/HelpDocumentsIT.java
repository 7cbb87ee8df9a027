package dev.talon.ai.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.ai.help.Pdfs;
import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.ai.ollama.fake.Reply;
import dev.talon.ai.testing.AddonPanel;
import dev.talon.core.testing.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admin-uploaded help documents in a real panel with the built add-on: Markdown, text and a real
 * PDF (made with PDFBox) become searchable in /ai/help and in the assistant's help lookup with a
 * link to their text (escaped), re-uploading replaces, deleting removes them from search, bad files
 * are refused with a reason and lose nothing, and the page is admin-only (404) and CSRF-checked.
 */
class HelpDocumentsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;
    private String base;

    @Test
    void uploads_of_each_kind_are_searchable_replaceable_and_deletable_by_an_admin_only() throws Exception {
        try (FakeOllama ollama = FakeOllama.start().withModel("llama3.1:8b");
             AddonPanel ai = AddonPanel.start(root, ollama, null, Map.of())) {
            base = ai.panel.baseUrl();
            WebClient admin = ai.admin();
            assertEquals(200, admin.get("/admin/ai/help-documents").status());

            assertEquals(302, upload(admin, "Bedrock Bridge.md", "# Bedrock bridge\n## Geyser\nGeyser lets Bedrock players join.\n".getBytes(),
                    "text/markdown").status());
            assertEquals(302, upload(admin, "rules.txt", "Zorbulon arena rules: no <script>alert(1)</script> griefing.".getBytes(),
                    "text/plain").status());
            assertEquals(302, upload(admin, "Proxy Guide.pdf", Pdfs.withLines(List.of("Velocity proxy setup",
                    "Set the quuxforwarding secret in velocity.toml")), "application/pdf").status());
            String list = admin.get("/admin/ai/help-documents").body();
            assertTrue(list.contains("data-slug=\"doc-bedrock-bridge\"") && list.contains("data-slug=\"doc-rules\"")
                    && list.contains("data-slug=\"doc-proxy-guide\""), list);

            assertEquals("doc-bedrock-bridge", first(admin, "geyser bedrock players"));
            assertEquals("doc-rules", first(admin, "zorbulon arena"));
            assertEquals("doc-proxy-guide", first(admin, "quuxforwarding velocity"));
            // The document's text, escaped (a .txt is shown as written, never as markup).
            String rules = admin.get("/ai/help/doc-rules").body();
            assertTrue(rules.contains("no &lt;script&gt;alert(1)&lt;/script&gt; griefing"), rules);
            assertFalse(rules.contains("<script>alert(1)"), rules);
            assertTrue(admin.get("/ai/help/doc-proxy-guide").body().contains("Velocity proxy setup"));
            assertTrue(admin.get("/ai/help").body().contains("href=\"/ai/help/doc-proxy-guide\""));
            // The assistant grounds a how-to answer in the uploaded document, with its link.
            ollama.enqueue("/api/chat", Reply.chat("Set it in velocity.toml [1]."));
            var chat = admin.send("POST", "/api/ai/chat/message", "{\"message\":\"How do I set the quuxforwarding secret?\"}",
                    Map.of("X-CSRF-Token", admin.csrf()));
            assertEquals(200, chat.status(), chat.body());
            String prompt = ollama.requests("/api/chat").getLast().toString();
            assertTrue(prompt.contains("/ai/help/doc-proxy-guide") && prompt.contains("quuxforwarding"), prompt);

            // Same file name again: replaced, not duplicated.
            assertEquals(302, upload(admin, "rules.txt", "Blorptastic arena rules v2.".getBytes(), "text/plain").status());
            assertEquals("doc-rules", first(admin, "blorptastic"));
            assertFalse(slugs(admin, "zorbulon").contains("doc-rules"), "the old text is gone from the index");
            assertEquals(3, ai.count("SELECT COUNT(*) FROM ai_help_documents"));

            // Bad files: a clear reason, status 422, nothing lost.
            var broken = upload(admin, "broken.pdf", "%PDF-1.7 not really".getBytes(), "application/pdf");
            assertEquals(422, broken.status());
            assertTrue(broken.body().contains("not a readable PDF"), broken.body());
            var locked = upload(admin, "locked.pdf", Pdfs.encrypted(List.of("hidden"), "pw"), "application/pdf");
            assertEquals(422, locked.status());
            assertTrue(locked.body().contains("encrypted with a password"), locked.body());
            var zip = upload(admin, "world.zip", new byte[] {1, 2, 3}, "application/zip");
            assertEquals(422, zip.status());
            assertTrue(zip.body().contains("Only Markdown (.md), plain text (.txt) and PDF (.pdf)"), zip.body());
            var big = upload(admin, "big.txt", "a ".repeat(3 * 1024 * 1024).getBytes(), "text/plain");
            assertEquals(422, big.status());
            assertTrue(big.body().contains("larger than 5 MB"), big.body());
            assertEquals(3, ai.count("SELECT COUNT(*) FROM ai_help_documents"));
            assertEquals("doc-proxy-guide", first(admin, "quuxforwarding velocity"));

            // Not an admin: 404 on the page and the forms; without CSRF, refused.
            ai.panel.panel().users().create("client@example.com", "Client", "password-123456", false);
            WebClient client = ai.panel.client();
            client.login("client@example.com", "password-123456");
            assertEquals(404, client.get("/admin/ai/help-documents").status());
            assertEquals(404, upload(client, "x.md", "# X\nx".getBytes(), "text/markdown").status());
            long id = ai.count("SELECT id FROM ai_help_documents WHERE slug = 'doc-proxy-guide'");
            assertEquals(404, client.post("/admin/ai/help-documents/" + id + "/delete", Map.of("_csrf", client.csrf())).status());
            assertEquals(403, admin.postRaw("/admin/ai/help-documents/" + id + "/delete", Map.of()).status());
            assertEquals(3, ai.count("SELECT COUNT(*) FROM ai_help_documents"));

            // Delete: gone from the list and from search.
            assertEquals(302, admin.post("/admin/ai/help-documents/" + id + "/delete", Map.of("_csrf", admin.csrf())).status());
            assertFalse(slugs(admin, "quuxforwarding velocity").contains("doc-proxy-guide"));
            assertEquals(404, admin.get("/ai/help/doc-proxy-guide").status());
            assertEquals(2, ai.count("SELECT COUNT(*) FROM ai_help_documents"));

            // With the embedding model available, a change re-indexes the vectors too, uploads included.
            // (The fake's vectors carry no meaning, so only BM25 rankings are asserted above.)
            ollama.withModel("nomic-embed-text");
            assertEquals(302, upload(admin, "Warp Pads.md", "# Warp pads\nFlibbertigibbet pads teleport players.".getBytes(),
                    "text/markdown").status());
            AddonPanel.eventually(() -> ollama.requests("/api/embed").stream().anyMatch(r -> r.toString().contains("Flibbertigibbet")),
                    found -> found, "the uploaded passages to be embedded");
            AddonPanel.eventually(() -> search(admin, "flibbertigibbet warp"), j -> "hybrid".equals(j.path("mode").asText()),
                    "a fused search over bundled and uploaded passages");
        }
    }

    private WebClient.Page upload(WebClient web, String name, byte[] bytes, String type) {
        var body = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("_csrf", web.csrf() == null ? "" : web.csrf())
                .addFormDataPart("title", "")
                .addFormDataPart("file", name, RequestBody.create(bytes, MediaType.get(type)))
                .build();
        return web.send(new Request.Builder().url(base + "/admin/ai/help-documents").post(body).build());
    }

    private static JsonNode search(WebClient web, String q) {
        try {
            return JSON.readTree(web.get("/api/ai/help/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)).body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static java.util.List<String> slugs(WebClient web, String q) {
        java.util.List<String> out = new java.util.ArrayList<>();
        search(web, q).get("results").forEach(r -> out.add(r.get("slug").asText()));
        return out;
    }

    private static String first(WebClient web, String q) {
        JsonNode results = search(web, q).get("results");
        assertFalse(results.isEmpty(), "nothing found for " + q);
        return results.get(0).get("slug").asText();
    }
}
