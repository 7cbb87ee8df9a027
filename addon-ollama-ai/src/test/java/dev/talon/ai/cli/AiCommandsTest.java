package dev.talon.ai.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.AiRuntime;
import dev.talon.ai.config.AiSettings;
import dev.talon.ai.models.PullManager;
import dev.talon.ai.models.PullView;
import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.api.SettingsStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The add-on's commands, run through picocli as {@code ./panel} runs them, against FakeOllama. */
class AiCommandsTest {

    @TempDir
    Path dir;

    private final FakeOllama ollama = FakeOllama.start().withModel("llama3.1:8b").withModel("codellama:7b").withLoaded("llama3.1:8b");
    private final MemoryStore store = new MemoryStore();
    private final List<PullView> audited = new CopyOnWriteArrayList<>();
    private AiRuntime runtime;
    private PullManager pulls;

    @AfterEach
    void stop() {
        if (pulls != null) {
            pulls.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        ollama.close();
    }

    @Test
    void configure_saves_a_valid_value_to_the_database() {
        var settings = settings(Map.of());

        Run run = run(new ConfigureCommand(settings), "--set", "ollama.models.chat=qwen3:4b", "--set", "limits.max_concurrent_requests=4");

        assertEquals(0, run.code, run.err);
        assertTrue(run.out.contains("ollama.models.chat = qwen3:4b (database)"), run.out);
        assertEquals("qwen3:4b", settings.config().models().chat());
        assertEquals("4", store.get("config.limits.max_concurrent_requests").orElseThrow());
    }

    @Test
    void configure_refuses_an_invalid_value_naming_the_key_with_exit_code_2_and_saves_nothing() {
        var settings = settings(Map.of());

        Run run = run(new ConfigureCommand(settings), "--set", "ollama.models.chat=qwen3:4b", "--set", "limits.max_concurrent_requests=lots");

        assertEquals(2, run.code);
        assertTrue(run.err.contains("limits.max_concurrent_requests = \"lots\""), run.err);
        assertTrue(run.err.contains("Nothing was saved"), run.err);
        assertTrue(store.all().isEmpty(), "nothing saved: " + store.all());
    }

    @Test
    void configure_refuses_an_unknown_key_and_a_missing_equals_sign() {
        var settings = settings(Map.of());

        Run unknown = run(new ConfigureCommand(settings), "--set", "ollama.colour=blue");
        Run malformed = run(new ConfigureCommand(settings), "--set", "ollama.timeout");

        assertEquals(2, unknown.code);
        assertTrue(unknown.err.contains("ollama.colour") && unknown.err.contains("is not a setting"), unknown.err);
        assertEquals(2, malformed.code);
        assertTrue(malformed.err.contains("key=value"), malformed.err);
    }

    @Test
    void configure_cannot_change_a_value_locked_by_the_environment() {
        var settings = settings(Map.of("AI_CHAT_MODEL", "llama3.1:8b"));

        Run run = run(new ConfigureCommand(settings), "--set", "ollama.models.chat=qwen3:4b");

        assertEquals(2, run.code);
        assertTrue(run.err.contains("ollama.models.chat") && run.err.contains("AI_CHAT_MODEL"), run.err);
        assertEquals("llama3.1:8b", settings.config().models().chat());
    }

    @Test
    void status_shows_hosts_models_and_every_key_with_its_source_file_database_or_environment() throws IOException {
        Files.writeString(dir.resolve("ai.yml"), "ollama:\n  timeout: 120\n  models:\n    code: codellama:7b\n");
        store.put("config.ollama.models.code", "codellama:13b"); // database beats the file
        var settings = settings(Map.of("AI_ANALYSIS_MODEL", "qwen3:4b")); // environment beats both

        Run run = run(new StatusCommand(runtime(settings)));

        assertEquals(0, run.code, run.err);
        assertTrue(run.out.contains(ollama.uri() + "  reachable, Ollama 0.12.6"), run.out);
        assertTrue(run.out.contains("installed (2):") && run.out.contains("codellama:7b"), run.out);
        assertTrue(run.out.contains("running (1):"), run.out);
        assertTrue(run.out.matches("(?s).*ollama\\.timeout +120 +file\\n.*"), run.out);
        assertTrue(run.out.matches("(?s).*ollama\\.models\\.code +codellama:13b +database\\n.*"), run.out);
        assertTrue(run.out.matches("(?s).*ollama\\.models\\.analysis +qwen3:4b +environment AI_ANALYSIS_MODEL \\(locked\\)\\n.*"), run.out);
        assertTrue(run.out.matches("(?s).*limits\\.max_chat_history +50 +default\\n.*"), run.out);
    }

    @Test
    void setup_models_pulls_only_the_configured_models_that_are_missing_with_a_progress_bar() {
        var runtime = runtime(settings(Map.of()));

        Run run = run(new SetupModelsCommand(runtime, pulls(runtime)));

        assertEquals(0, run.code, run.err);
        // configured: llama3.1:8b, codellama:7b (installed), mistral:7b (analysis and security), nomic-embed-text
        assertEquals(List.of("mistral:7b", "nomic-embed-text:latest"),
                ollama.requests("/api/pull").stream().map(r -> r.get("model").asText()).toList());
        assertTrue(run.out.contains("2 missing"), run.out);
        assertTrue(run.out.contains("[##############################] 100%"), run.out);
        assertTrue(run.out.contains("All configured models are installed."), run.out);
        assertEquals(2, audited.size());
    }

    @Test
    void setup_models_says_how_to_start_ollama_and_exits_1_when_no_host_is_reachable() throws IOException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var runtime = runtime(settings(Map.of("OLLAMA_HOST", "http://127.0.0.1:" + port)));

        Run run = run(new SetupModelsCommand(runtime, pulls(runtime)));

        assertEquals(1, run.code);
        assertTrue(run.err.contains("Ollama is not reachable") && run.err.contains("ollama serve"), run.err);
        assertFalse(run.out.contains("All configured models are installed."));
    }

    private AiSettings settings(Map<String, String> env) {
        var withHost = new java.util.HashMap<>(env);
        withHost.putIfAbsent("OLLAMA_HOST", ollama.uri().toString());
        return new AiSettings(dir.resolve("ai.yml"), store, withHost);
    }

    private AiRuntime runtime(AiSettings settings) {
        runtime = new AiRuntime(settings, new SimpleMeterRegistry(), Duration.ZERO);
        return runtime;
    }

    private PullManager pulls(AiRuntime runtime) {
        pulls = new PullManager(runtime::client, audited::add, Clock.systemUTC());
        return pulls;
    }

    private record Run(int code, String out, String err) {}

    private static Run run(Object command, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The add-on's settings store as the host keeps it, in memory. */
    static final class MemoryStore implements SettingsStore {
        private final Map<String, String> values = new ConcurrentHashMap<>();

        @Override
        public Optional<String> get(String key) {
            return Optional.ofNullable(values.get(key));
        }

        @Override
        public void put(String key, String value) {
            values.put(key, value);
        }

        @Override
        public void remove(String key) {
            values.remove(key);
        }

        @Override
        public Map<String, String> all() {
            return new TreeMap<>(values);
        }
    }
}
