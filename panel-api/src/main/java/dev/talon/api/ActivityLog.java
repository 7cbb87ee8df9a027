package dev.talon.api;

import java.util.List;
import java.util.Map;

/** Writes the panel's activity log: who did what to which object, from where. Thread-safe. */
public interface ActivityLog {

    /** Records one entry; never throws for a well-formed entry. */
    void record(Activity activity);

    /**
     * Entries after the entry {@code afterId} (0 for the oldest kept) whose action starts with
     * {@code actionPrefix} (e.g. {@code auth.login}), oldest first, at most {@code limit}. Monitors
     * read on incrementally by passing the last id they saw. The default, for hosts that keep no
     * readable log, returns nothing.
     */
    default List<Recorded> since(long afterId, String actionPrefix, int limit) {
        return List.of();
    }

    /**
     * An entry as stored.
     *
     * @param id increasing with time
     * @param metadataJson the metadata as a JSON object text
     * @param createdAt epoch milliseconds
     */
    record Recorded(long id, Long actorId, String action, String subject, String ip, String metadataJson, long createdAt) {}

    /**
     * One activity entry.
     *
     * @param actorId the acting user, or {@code null} for the system (jobs, start-up)
     * @param action dotted verb, for example {@code server.power.restart}
     * @param subject what was acted on, for example {@code server:1f2e…}; may be {@code null}
     * @param ip the client address, or {@code null} when not from a request
     * @param metadata small JSON-serialisable details; never secrets
     */
    record Activity(Long actorId, String action, String subject, String ip, Map<String, ?> metadata) {
        public Activity {
            if (action == null || action.isBlank()) {
                throw new IllegalArgumentException("action is required");
            }
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        }

        /** An entry by the system (no user, no address). */
        public static Activity system(String action, String subject, Map<String, ?> metadata) {
            return new Activity(null, action, subject, null, metadata);
        }
    }
}
