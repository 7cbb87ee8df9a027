package dev.talon.ai.e2e;

import dev.talon.ai.testing.AddonPanel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.ollama.fake.FakeOllama;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The add-on's commands as an operator runs them: {@code panel ai:…} in a fresh JVM (the host's
 * Main loads the add-on jar from addons/ for an unknown command), with its own environment.
 */
class AiCommandsThroughPanelIT {

    @TempDir
    Path root;

    private record Run(int code, String output) {}

    @Test
    void configure_status_and_setup_models_run_through_the_panel_command_line() throws Exception {
        Path addon = root.resolve("addons").resolve("ollama-ai");
        Files.createDirectories(addon.resolve("config"));
        Files.copy(AddonPanel.addonJar(), addon.resolve("ollama-ai.jar"));
        try (var ollama = FakeOllama.start().withModel("llama3.1:8b").withVersion("0.12.9")) {
            String host = ollama.uri().toString();

            Run invalid = panel(Map.of("OLLAMA_HOST", host), "ai:configure", "--set", "ollama.models.code=codellama:13b",
                    "--set", "limits.max_concurrent_requests=0");
            assertEquals(2, invalid.code, invalid.output);
            assertTrue(invalid.output.contains("Error: limits.max_concurrent_requests = \"0\""), invalid.output);

            Run saved = panel(Map.of("OLLAMA_HOST", host), "ai:configure", "--set", "ollama.models.code=codellama:13b");
            assertEquals(0, saved.code, saved.output);
            assertTrue(saved.output.contains("ollama.models.code = codellama:13b (database)"), saved.output);

            Run status = panel(Map.of("OLLAMA_HOST", host, "AI_CHAT_MODEL", "llama3.1:8b"), "ai:status");
            assertEquals(0, status.code, status.output);
            assertTrue(status.output.contains(host + "  reachable, Ollama 0.12.9"), status.output);
            assertTrue(status.output.matches("(?s).*ollama\\.models\\.code +codellama:13b +database\\n.*"), status.output);
            assertTrue(status.output.matches("(?s).*ollama\\.models\\.chat +llama3\\.1:8b +environment AI_CHAT_MODEL \\(locked\\)\\n.*"),
                    status.output);
        }

        int dead;
        try (var socket = new ServerSocket(0)) {
            dead = socket.getLocalPort();
        }
        Run unreachable = panel(Map.of("OLLAMA_HOST", "http://127.0.0.1:" + dead), "ai:setup-models");
        assertEquals(1, unreachable.code, unreachable.output);
        assertTrue(unreachable.output.contains("Ollama is not reachable") && unreachable.output.contains("ollama serve"),
                unreachable.output);
    }

    private Run panel(Map<String, String> env, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.talon.core.Main"));
        command.addAll(List.of(args));
        command.addAll(List.of("--data", root.resolve("data").toString()));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("OLLAMA_") || k.startsWith("AI_") || k.startsWith("PANEL_"));
        var base = new HashMap<String, String>();
        base.put("PANEL_ADMIN_PASSWORD", "admin-password-1");
        base.put("PANEL_BCRYPT_COST", "4");
        base.put("PANEL_ADDONS_DIR", root.resolve("addons").toString());
        base.putAll(env);
        environment.putAll(base);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("panel " + String.join(" ", args) + " did not finish");
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
