package dev.talon.core.settings;

import dev.talon.api.SettingsStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** {@link SettingsStore} over the {@code settings} table, for one namespace. Thread-safe. */
public final class SettingsRepository implements SettingsStore {

    private final Jdbi jdbi;
    private final String namespace;
    private final Clock clock;

    public SettingsRepository(Jdbi jdbi, String namespace, Clock clock) {
        this.jdbi = jdbi;
        this.namespace = namespace;
        this.clock = clock;
    }

    @Override
    public Optional<String> get(String key) {
        return jdbi.withHandle(h -> h.createQuery("SELECT setting_value FROM settings WHERE namespace = :ns AND name = :name")
                .bind("ns", namespace).bind("name", key).mapTo(String.class).findOne());
    }

    @Override
    public void put(String key, String value) {
        if (key == null || key.isBlank() || key.length() > 128) {
            throw new IllegalArgumentException("Setting keys have 1 to 128 characters: " + key);
        }
        jdbi.useTransaction(h -> {
            int updated = h.createUpdate("UPDATE settings SET setting_value = :value, updated_at = :now WHERE namespace = :ns AND name = :name")
                    .bind("value", value).bind("now", clock.millis()).bind("ns", namespace).bind("name", key).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO settings (namespace, name, setting_value, updated_at) VALUES (:ns, :name, :value, :now)")
                        .bind("value", value).bind("now", clock.millis()).bind("ns", namespace).bind("name", key).execute();
            }
        });
    }

    @Override
    public void remove(String key) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM settings WHERE namespace = :ns AND name = :name")
                .bind("ns", namespace).bind("name", key).execute());
    }

    @Override
    public Map<String, String> all() {
        var result = new LinkedHashMap<String, String>();
        jdbi.useHandle(h -> h.createQuery("SELECT name, setting_value FROM settings WHERE namespace = :ns ORDER BY name")
                .bind("ns", namespace)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> result.put(e.getKey(), e.getValue())));
        return result;
    }
}
