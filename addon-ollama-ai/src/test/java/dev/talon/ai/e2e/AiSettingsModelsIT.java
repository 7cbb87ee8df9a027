package dev.talon.ai.e2e;

import dev.talon.ai.testing.AddonPanel;

import static dev.talon.ai.testing.AddonPanel.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.ai.ollama.fake.Reply;
import dev.talon.core.testing.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AI Settings' model management in a real panel with the real add-on jar, against FakeOllama. */
class AiSettingsModelsIT {

    private static final Pattern PROGRESS = Pattern.compile("<progress max=\"(\\d+)\" value=\"(\\d+)\"");

    @TempDir
    Path root;

    private AddonPanel ai;
    private WebClient admin;

    @BeforeEach
    void start() {
        var ollama = FakeOllama.start()
                .withModel("llama3.1:8b")
                .withModel("codellama:7b", "llama", List.of("completion"), 16384);
        ai = AddonPanel.start(root, ollama, null, Map.of());
        admin = ai.admin();
    }

    @AfterEach
    void stop() {
        ai.close();
    }

    @Test
    void installed_models_are_listed_per_host_with_size_family_parameters_quantization_and_date() {
        String page = admin.get("/admin/ai/settings").body();

        assertTrue(page.contains("<code>" + ai.ollama.uri() + "</code>"), "the host heads its models");
        String row = between(page, "<tr data-model=\"llama3.1:8b\">", "</tr>");
        assertTrue(row.contains("4.92 GB"), row);
        assertTrue(row.contains("<td>llama</td>"), row);
        assertTrue(row.contains("<td>8.0B</td>"), row);
        assertTrue(row.contains("<td>Q4_K_M</td>"), row);
        assertTrue(row.contains("2025-05-04 17:37"), row);
        assertTrue(page.contains("<tr data-model=\"codellama:7b\">"));
        assertTrue(page.contains("<option value=\"codellama:7b\">"), "model fields suggest installed models");
    }

    @Test
    void deleting_a_model_asks_for_confirmation_then_deletes_it_and_records_it() {
        String host = ai.ollama.uri().toString();
        var confirm = admin.get("/admin/ai/settings/models/delete?host=" + host + "&model=codellama:7b");
        assertEquals(200, confirm.status());
        assertTrue(confirm.body().contains("Delete <code>codellama:7b</code> from the Ollama host"), confirm.body());
        assertTrue(confirm.body().contains("It is configured for: code"), "warns that the code model goes away");

        var unconfirmed = admin.post("/admin/ai/settings/models/delete", Map.of("host", host, "model", "codellama:7b"));
        assertEquals(302, unconfirmed.status());
        assertTrue(unconfirmed.location().contains("/admin/ai/settings/models/delete?"), unconfirmed.location());
        assertTrue(ai.ollama.isInstalled("codellama:7b"), "nothing deleted without confirmation");

        var deleted = admin.post("/admin/ai/settings/models/delete", Map.of("host", host, "model", "codellama:7b", "confirm", "yes"));
        assertEquals(302, deleted.status());
        assertFalse(ai.ollama.isInstalled("codellama:7b"));
        String page = admin.get("/admin/ai/settings").body();
        assertTrue(page.contains("Deleted codellama:7b from " + host), "flash confirms");
        assertFalse(page.contains("<tr data-model=\"codellama:7b\">"));
        assertEquals(1, ai.count("SELECT COUNT(*) FROM ai_usage WHERE operation = 'delete' AND model = 'codellama:7b' AND outcome = 'ok'"));
        assertEquals(1, ai.count("SELECT COUNT(*) FROM activity_log WHERE action = 'ai.admin.delete'"));
    }

    @Test
    void a_host_that_is_not_configured_is_refused() {
        var page = admin.post("/admin/ai/settings/models/delete",
                Map.of("host", "http://10.0.0.1:11434", "model", "llama3.1:8b", "confirm", "yes"));
        assertEquals(400, page.status());
        assertTrue(ai.ollama.isInstalled("llama3.1:8b"));
    }

    @Test
    void pull_progress_reaches_the_fragment_survives_a_reload_and_completes() {
        ai.ollama.enqueue("/api/pull", Reply.pullProgress(30).withChunkSizes(180).withChunkDelay(Duration.ofMillis(60)));
        var started = admin.post("/admin/ai/settings/pulls", Map.of("host", ai.ollama.uri().toString(), "model", "qwen3:4b"));
        assertEquals(302, started.status());

        String midway = eventually(() -> admin.get("/admin/ai/settings/pulls").body(), body -> {
            var m = PROGRESS.matcher(body);
            return m.find() && Long.parseLong(m.group(2)) > 0 && Long.parseLong(m.group(2)) < Long.parseLong(m.group(1));
        }, "a partly done progress bar");
        assertTrue(midway.contains("hx-trigger=\"every 1s\""), "the fragment keeps polling while running");
        assertTrue(midway.contains(" of 4.66 GB"), midway);
        assertTrue(midway.contains(">Cancel</button>"), midway);

        String reloaded = admin.get("/admin/ai/settings").body();
        assertTrue(reloaded.contains("data-model=\"qwen3:4b\" data-state=\"running\""), "a reload shows the running pull");

        String done = eventually(() -> admin.get("/admin/ai/settings/pulls").body(),
                body -> body.contains("data-state=\"succeeded\""), "the pull to succeed");
        assertTrue(done.contains("Pulled 4.66 GB — success."), done);
        assertFalse(done.contains("hx-trigger"), "polling stops once nothing runs");
        eventually(() -> ai.count("SELECT COUNT(*) FROM ai_usage WHERE operation = 'pull' AND model = 'qwen3:4b' AND outcome = 'ok'"),
                n -> n == 1, "the pull in the usage log");
    }

    @Test
    void cancelling_a_pull_stops_the_stream_and_ollama_sees_the_client_gone() throws Exception {
        ai.ollama.enqueue("/api/pull", Reply.pullProgress(400).withChunkSizes(180).withChunkDelay(Duration.ofMillis(50)));
        admin.post("/admin/ai/settings/pulls", Map.of("model", "mistral:7b"));
        String running = eventually(() -> admin.get("/admin/ai/settings/pulls").body(),
                body -> body.contains("data-state=\"running\"") && PROGRESS.matcher(body).find(), "a running pull");
        String id = between(running, "class=\"pull pull-running\" id=\"pull-", "\"");

        var cancelled = admin.send("POST", "/admin/ai/settings/pulls/" + id + "/cancel", null,
                Map.of("HX-Request", "true", "X-CSRF-Token", admin.csrf()));

        assertEquals(200, cancelled.status());
        assertTrue(cancelled.body().contains("data-state=\"cancelled\""), cancelled.body());
        assertTrue(ai.ollama.awaitClientGone(Duration.ofSeconds(5)), "FakeOllama saw the client go away");
        eventually(() -> ai.count("SELECT COUNT(*) FROM ai_usage WHERE operation = 'pull' AND outcome = 'stopped'"),
                n -> n == 1, "the cancelled pull in the usage log");
    }

    @Test
    void a_pull_error_inside_a_200_stream_is_shown() {
        ai.ollama.enqueue("/api/pull", Reply.pullError("pull model manifest: file does not exist"));
        admin.post("/admin/ai/settings/pulls", Map.of("model", "no-such-model:1b"));

        String page = eventually(() -> admin.get("/admin/ai/settings").body(), body -> body.contains("data-state=\"failed\""),
                "the failed pull on the page");

        assertTrue(page.contains("Failed: ") && page.contains("pull model manifest: file does not exist"), page);
        eventually(() -> ai.count("SELECT COUNT(*) FROM ai_usage WHERE operation = 'pull' AND outcome = 'error'"),
                n -> n == 1, "the failed pull in the usage log");
    }

    @Test
    void a_bad_model_name_is_refused_naming_the_field() {
        admin.post("/admin/ai/settings/pulls", Map.of("model", "rm -rf /"));
        String page = admin.get("/admin/ai/settings").body();
        assertTrue(page.contains("model: enter a model name"), "flash names the field");
        assertEquals(0, ai.ollama.requestCount("/api/pull"));
    }

    static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        if (from < 0) {
            throw new AssertionError("no " + start + " in:\n" + text);
        }
        from += start.length();
        return text.substring(from, text.indexOf(end, from));
    }
}
