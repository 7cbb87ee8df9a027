package dev.talon.ai.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.talon.api.SettingsStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The add-on's configuration service: reads {@code config/ai.yml}, the values saved in AI Settings
 * (the add-on's settings store, keys {@code config.<key>}) and the environment, and keeps the
 * resolved snapshot. Saving validates every value first and changes nothing if one is bad.
 *
 * <p>Thread-safe: readers get an immutable snapshot; writers are serialised; listeners (the
 * Ollama client holder) run on the writer's thread after the swap. Values saved elsewhere (by
 * {@code ./panel ai:configure} in another process, or another panel instance on the same
 * database) are picked up within {@link #RELOAD_EVERY}.
 */
public final class AiSettings {

    private static final Logger log = LoggerFactory.getLogger(AiSettings.class);
    private static final String PREFIX = "config.";

    private final Path file;
    private final SettingsStore store;
    private final Map<String, String> environment;
    private final List<Consumer<AiConfig>> listeners = new CopyOnWriteArrayList<>();
    private volatile ResolvedConfig resolved;
    private volatile long loadedAt;

    /** How stale the snapshot may get before a read reloads it. */
    public static final java.time.Duration RELOAD_EVERY = java.time.Duration.ofSeconds(5);

    private final long reloadEveryNanos;

    public AiSettings(Path file, SettingsStore store, Map<String, String> environment) {
        this(file, store, environment, RELOAD_EVERY);
    }

    public AiSettings(Path file, SettingsStore store, Map<String, String> environment, java.time.Duration reloadEvery) {
        this.reloadEveryNanos = reloadEvery.toNanos();
        this.file = file;
        this.store = store;
        this.environment = Map.copyOf(environment);
        this.resolved = load();
        this.loadedAt = System.nanoTime();
        resolved.problems().forEach(p -> log.warn("ollama-ai configuration: {}", p));
    }

    public ResolvedConfig resolved() {
        if (System.nanoTime() - loadedAt > reloadEveryNanos) {
            refresh();
        }
        return resolved;
    }

    public AiConfig config() {
        return resolved().typed();
    }

    public Path file() {
        return file;
    }

    public void onChange(Consumer<AiConfig> listener) {
        listeners.add(listener);
    }

    /**
     * Saves values (as AI Settings does); all are validated first.
     *
     * @throws Setting.InvalidSetting for the first bad or locked value; nothing is saved then
     */
    public synchronized void save(Map<String, String> changes) {
        var normalised = new LinkedHashMap<String, String>();
        for (var change : changes.entrySet()) {
            Setting setting = Settings.require(change.getKey());
            if (resolved().entry(setting.key()).locked()) {
                throw new Setting.InvalidSetting(setting.key(), change.getValue(),
                        "is set by the environment variable " + setting.envVar() + " and can't be changed here");
            }
            normalised.put(setting.key(), setting.normalise(change.getValue()));
        }
        normalised.forEach((k, v) -> store.put(PREFIX + k, v));
        refresh();
    }

    /** Removes the saved value of a key, so the file (or default) applies again. */
    public synchronized void reset(String key) {
        Settings.require(key);
        store.remove(PREFIX + key);
        refresh();
    }

    /** Re-reads file and database (e.g. after the file was edited). */
    public synchronized void refresh() {
        AiConfig before = resolved.typed();
        resolved = load();
        loadedAt = System.nanoTime();
        AiConfig after = resolved.typed();
        if (!after.equals(before)) {
            listeners.forEach(l -> l.accept(after));
        }
    }

    private ResolvedConfig load() {
        var database = new LinkedHashMap<String, String>();
        store.all().forEach((k, v) -> {
            if (k.startsWith(PREFIX)) {
                database.put(k.substring(PREFIX.length()), v);
            }
        });
        return ResolvedConfig.resolve(readFile(), database, environment);
    }

    private Map<String, String> readFile() {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            var flat = new LinkedHashMap<String, String>();
            if (root != null) {
                flatten("", root, flat);
            }
            return flat;
        } catch (IOException e) {
            log.warn("Could not read {}: {} — using defaults and saved settings", file, e.getMessage());
            return Map.of();
        }
    }

    static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
        } else if (!node.isNull()) {
            out.put(prefix, node.isArray() ? joinArray(node) : node.asText());
        }
    }

    private static String joinArray(JsonNode node) {
        var parts = new java.util.ArrayList<String>();
        node.forEach(n -> parts.add(n.asText()));
        return String.join(",", parts);
    }
}
