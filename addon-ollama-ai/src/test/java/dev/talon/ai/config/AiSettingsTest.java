package dev.talon.ai.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.config.ResolvedConfig.Source;
import dev.talon.api.SettingsStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AiSettingsTest {

    /** The settings store as the host keeps it, in memory. */
    static final class MemoryStore implements SettingsStore {
        final Map<String, String> values = new TreeMap<>();

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
            return Map.copyOf(values);
        }
    }

    private static Path yml(Path dir, String text) throws IOException {
        Path file = dir.resolve("ai.yml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void defaults_apply_when_nothing_is_configured(@TempDir Path dir) {
        var settings = new AiSettings(dir.resolve("missing.yml"), new MemoryStore(), Map.of());
        AiConfig c = settings.config();
        assertTrue(c.enabled());
        assertEquals("llama3.1:8b", c.models().chat());
        assertEquals("codellama:7b", c.models().code());
        assertEquals("mistral:7b", c.models().analysis());
        assertEquals("nomic-embed-text", c.models().embedding());
        assertEquals(50, c.maxChatHistory());
        assertEquals(Duration.ofSeconds(300), c.analysisInterval());
        assertEquals(10, c.maxConcurrentRequests());
        assertEquals(Source.DEFAULT, settings.resolved().entry("ollama.host").source());
    }

    @Test
    void file_then_database_then_environment_each_override_the_one_below_and_the_source_is_shown(@TempDir Path dir) throws IOException {
        Path file = yml(dir, """
                ollama:
                  host: file-host
                  models:
                    chat: file-chat:1b
                    code: file-code:1b
                limits:
                  max_chat_history: 20
                """);
        var store = new MemoryStore();
        var settings = new AiSettings(file, store, Map.of("AI_CHAT_MODEL", "env-chat:3b"));
        settings.save(Map.of("ollama.models.code", "db-code:2b", "limits.max_chat_history", "30"));

        ResolvedConfig r = settings.resolved();
        assertEquals("env-chat:3b", r.value("ollama.models.chat"));
        assertEquals(Source.ENVIRONMENT, r.entry("ollama.models.chat").source());
        assertTrue(r.entry("ollama.models.chat").locked());
        assertEquals("db-code:2b", r.value("ollama.models.code"));
        assertEquals(Source.DATABASE, r.entry("ollama.models.code").source());
        assertEquals("30", r.value("limits.max_chat_history"));
        assertEquals("file-host", r.value("ollama.host"));
        assertEquals(Source.FILE, r.entry("ollama.host").source());
        assertEquals(Source.DEFAULT, r.entry("ollama.models.analysis").source());
    }

    @Test
    void a_value_locked_by_the_environment_cannot_be_saved(@TempDir Path dir) {
        var store = new MemoryStore();
        var settings = new AiSettings(dir.resolve("ai.yml"), store, Map.of("OLLAMA_HOST", "gpu-box:11434"));
        var e = assertThrows(Setting.InvalidSetting.class, () -> settings.save(Map.of("ollama.host", "other")));
        assertEquals("ollama.host", e.key());
        assertTrue(e.getMessage().contains("OLLAMA_HOST"), e.getMessage());
        assertTrue(store.values.isEmpty());
    }

    @Test
    void an_invalid_value_is_refused_naming_the_key_and_nothing_is_saved(@TempDir Path dir) {
        var store = new MemoryStore();
        var settings = new AiSettings(dir.resolve("ai.yml"), store, Map.of());
        var e = assertThrows(Setting.InvalidSetting.class,
                () -> settings.save(Map.of("ollama.models.chat", "good:1b", "limits.max_concurrent_requests", "0")));
        assertEquals("limits.max_concurrent_requests", e.key());
        assertTrue(e.getMessage().startsWith("limits.max_concurrent_requests = \"0\""), e.getMessage());
        assertTrue(store.values.isEmpty(), "all or nothing");
        assertThrows(Setting.InvalidSetting.class, () -> settings.save(Map.of("no.such.key", "1")));
        assertThrows(Setting.InvalidSetting.class, () -> settings.save(Map.of("features.chat_support", "maybe")));
        assertThrows(Setting.InvalidSetting.class, () -> settings.save(Map.of("ollama.models.chat", "rm -rf /")));
    }

    @Test
    void the_global_request_limit_goes_up_to_a_thousand_and_no_further(@TempDir Path dir) {
        var store = new MemoryStore();
        var settings = new AiSettings(dir.resolve("ai.yml"), store, Map.of());
        settings.save(Map.of("limits.max_concurrent_requests", "1000"));
        assertEquals("1000", store.values.get("config.limits.max_concurrent_requests"));
        var e = assertThrows(Setting.InvalidSetting.class, () -> settings.save(Map.of("limits.max_concurrent_requests", "1001")));
        assertEquals("limits.max_concurrent_requests", e.key());
    }

    @Test
    void bad_values_in_the_file_or_environment_are_reported_and_the_layer_below_stands(@TempDir Path dir) throws IOException {
        Path file = yml(dir, """
                ollama:
                  port: not-a-port
                  timeout: 90
                unknown_key: 1
                """);
        var settings = new AiSettings(file, new MemoryStore(), Map.of("OLLAMA_TIMEOUT", "soon"));
        ResolvedConfig r = settings.resolved();
        assertEquals("11434", r.value("ollama.port"));
        assertEquals("90", r.value("ollama.timeout"));
        assertEquals(Source.FILE, r.entry("ollama.timeout").source());
        assertTrue(r.problems().stream().anyMatch(p -> p.contains("ollama.port") && p.contains("not-a-port")), r.problems().toString());
        assertTrue(r.problems().stream().anyMatch(p -> p.contains("OLLAMA_TIMEOUT")), r.problems().toString());
        assertTrue(r.problems().stream().anyMatch(p -> p.contains("unknown_key")), r.problems().toString());
    }

    @Test
    void durations_accept_seconds_and_ollama_style_units() {
        Setting timeout = Settings.require("ollama.timeout");
        assertEquals("300", timeout.normalise("300"));
        assertEquals("300", timeout.normalise("5m"));
        assertEquals("90", timeout.normalise("90s"));
        assertEquals("3600", timeout.normalise("1h"));
        assertThrows(Setting.InvalidSetting.class, () -> timeout.normalise("2h"));
    }

    @Test
    void reset_returns_a_key_to_the_file_value_and_listeners_hear_about_changes(@TempDir Path dir) throws IOException {
        Path file = yml(dir, "features:\n  chat_support: true\n");
        var settings = new AiSettings(file, new MemoryStore(), Map.of());
        var changes = new AtomicInteger();
        settings.onChange(c -> changes.incrementAndGet());
        settings.save(Map.of("features.chat_support", "off"));
        assertFalse(settings.config().features().chatSupport());
        settings.reset("features.chat_support");
        assertTrue(settings.config().features().chatSupport());
        assertEquals(Source.FILE, settings.resolved().entry("features.chat_support").source());
        assertEquals(2, changes.get());
    }

    @Test
    void a_value_saved_by_another_process_is_picked_up_on_the_next_read(@TempDir Path dir) {
        var store = new MemoryStore();
        var serving = new AiSettings(dir.resolve("ai.yml"), store, Map.of(), Duration.ZERO);
        var changes = new AtomicInteger();
        serving.onChange(c -> changes.incrementAndGet());
        assertTrue(serving.config().features().chatSupport());
        new AiSettings(dir.resolve("ai.yml"), store, Map.of()).save(Map.of("features.chat_support", "false"));
        assertFalse(serving.config().features().chatSupport(), "the serving instance sees the CLI's change");
        assertEquals(1, changes.get(), "and tells its listeners");
        var cached = new AiSettings(dir.resolve("ai.yml"), store, Map.of(), Duration.ofHours(1));
        store.put("config.features.chat_support", "true");
        assertFalse(cached.config().features().chatSupport(), "within the reload interval the snapshot stands");
    }

    @Test
    void the_shipped_ai_yml_is_valid_and_matches_the_defaults() {
        Path shipped = Path.of("..", "addons", "ollama-ai", "config", "ai.yml");
        var settings = new AiSettings(shipped, new MemoryStore(), Map.of());
        assertTrue(settings.resolved().problems().isEmpty(), settings.resolved().problems().toString());
        for (var entry : settings.resolved().entries()) {
            assertEquals(entry.setting().defaultValue(), entry.value(), entry.setting().key());
        }
    }
}
