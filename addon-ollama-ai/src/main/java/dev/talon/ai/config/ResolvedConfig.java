package dev.talon.ai.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting with its effective value and where that value came from. Built from the three
 * layers, lowest first: file, database, environment; a bad value in a layer is skipped (the layer
 * below stands) and listed in {@link #problems()}.
 */
public final class ResolvedConfig {

    /** Where a value comes from. */
    public enum Source { DEFAULT, FILE, DATABASE, ENVIRONMENT }

    /** One setting as resolved. {@code locked} when the environment sets it (AI Settings can't change it). */
    public record Entry(Setting setting, String value, Source source, boolean locked) {
        /** The value as it may be shown: a secret only as whether it is set. */
        public String display() {
            return setting.type() != Setting.Type.SECRET ? value : value.isEmpty() ? "" : "(set)";
        }
    }

    private final Map<String, Entry> entries;
    private final List<String> problems;
    private final AiConfig typed;

    private ResolvedConfig(Map<String, Entry> entries, List<String> problems) {
        this.entries = entries;
        this.problems = problems;
        this.typed = AiConfig.from(this);
    }

    /**
     * @param file flattened {@code ai.yml} (dotted keys)
     * @param database values saved through AI Settings
     * @param environment process environment
     */
    public static ResolvedConfig resolve(Map<String, String> file, Map<String, String> database, Map<String, String> environment) {
        var entries = new LinkedHashMap<String, Entry>();
        var problems = new ArrayList<String>();
        for (String key : file.keySet()) {
            if (Settings.find(key).isEmpty()) {
                problems.add("ai.yml: " + key + " is not a setting of the ollama-ai add-on (ignored)");
            }
        }
        for (Setting s : Settings.ALL) {
            Entry entry = new Entry(s, s.defaultValue(), Source.DEFAULT, false);
            entry = layer(entry, s, file.get(s.key()), Source.FILE, "ai.yml", problems);
            entry = layer(entry, s, database.get(s.key()), Source.DATABASE, "AI Settings", problems);
            if (s.envVar() != null) {
                entry = layer(entry, s, environment.get(s.envVar()), Source.ENVIRONMENT, "environment " + s.envVar(), problems);
            }
            entries.put(s.key(), entry);
        }
        return new ResolvedConfig(Map.copyOf(entries), List.copyOf(problems));
    }

    private static Entry layer(Entry below, Setting s, String raw, Source source, String where, List<String> problems) {
        if (raw == null || (source == Source.ENVIRONMENT && raw.isBlank())) {
            return below;
        }
        try {
            return new Entry(s, s.normalise(raw), source, source == Source.ENVIRONMENT);
        } catch (Setting.InvalidSetting e) {
            problems.add(where + ": " + e.getMessage() + " (ignored; " + below.display() + " from " + below.source().name().toLowerCase() + " is used)");
            return below;
        }
    }

    public Entry entry(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            throw new IllegalArgumentException("Unknown setting " + key);
        }
        return e;
    }

    public String value(String key) {
        return entry(key).value();
    }

    public boolean bool(String key) {
        return Boolean.parseBoolean(value(key));
    }

    public int integer(String key) {
        return Integer.parseInt(value(key));
    }

    /** Entries in the order of {@link Settings#ALL}. */
    public List<Entry> entries() {
        return Settings.ALL.stream().map(s -> entries.get(s.key())).toList();
    }

    public List<String> problems() {
        return problems;
    }

    /** The typed snapshot, built once. */
    public AiConfig typed() {
        return typed;
    }
}
