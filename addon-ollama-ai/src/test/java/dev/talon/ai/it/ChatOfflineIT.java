package dev.talon.ai.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.core.testing.TestPanel;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With Ollama unreachable the chat says so at once, and the gateway answers 503 in Ollama's shape. */
class ChatOfflineIT {

    @TempDir
    Path root;

    @Test
    void with_ollama_unreachable_the_chat_says_so_at_once() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        Path addonDir = Files.createDirectories(root.resolve("addons").resolve("ollama-ai"));
        Files.copy(Path.of(System.getProperty("talon.addon.jar")), addonDir.resolve("ollama-ai.jar"));
        try (TestPanel panel = TestPanel.start(root, Map.of("OLLAMA_HOST", "http://127.0.0.1:" + deadPort))) {
            var user = panel.panel().users().create("offline@example.test", "Offline", "client-password-1", false);
            var api = new Api(panel.baseUrl(), panel.panel().apiKeys().create(user.id(), "t", null).plainKey());
            long start = System.nanoTime();
            try (Response r = api.open("/api/ai/chat/message", "{\"message\":\"hello?\",\"stream\":true}")) {
                String line;
                JsonNode last = null;
                while ((line = r.body().source().readUtf8Line()) != null) {
                    last = Api.parse(line);
                }
                assertEquals("error", last.get("type").asText());
                assertTrue(last.get("error").asText().contains("offline"), last.toString());
            }
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, "the answer must not hang");
            Api.Reply gateway = api.call("GET", "/api/ai/ollama/api/tags", null);
            assertEquals(503, gateway.status(), gateway.body());
            assertTrue(gateway.json().has("error"));
        }
    }
}
