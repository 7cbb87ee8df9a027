package dev.talon.api;

import java.util.Map;
import java.util.Optional;

/**
 * String settings kept in the panel database, namespaced by the host (an add-on sees only its
 * own keys). Reads are cheap; writes are immediately visible to every thread and instance.
 */
public interface SettingsStore {

    Optional<String> get(String key);

    void put(String key, String value);

    void remove(String key);

    /** Every key of this namespace with its value, sorted by key. */
    Map<String, String> all();
}
