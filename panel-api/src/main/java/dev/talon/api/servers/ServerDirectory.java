package dev.talon.api.servers;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Read-only look-ups of game servers, their logs and their metrics, for add-ons that analyse
 * them. Thread-safe; every call reads current data (nothing is cached for the caller). Log lines
 * are what the game server printed: untrusted text.
 *
 * <p>Grows through {@code default} methods, so add-ons written against it keep working.
 */
public interface ServerDirectory {

    /** A directory with no servers, for hosts without a servers feature. */
    ServerDirectory EMPTY = new ServerDirectory() {
        @Override
        public List<ServerInfo> list() {
            return List.of();
        }

        @Override
        public LogRead readLog(String serverUuid, long offset, int maxBytes) {
            return new LogRead(List.of(), 0, false);
        }

        @Override
        public List<MetricPoint> metrics(String serverUuid, Instant from) {
            return List.of();
        }
    };

    /** All servers, oldest first. */
    List<ServerInfo> list();

    /** A server by uuid or by its 8-character identifier. */
    default Optional<ServerInfo> find(String uuidOrIdentifier) {
        return list().stream()
                .filter(s -> s.uuid().equals(uuidOrIdentifier) || s.identifier().equals(uuidOrIdentifier))
                .findFirst();
    }

    /**
     * Complete lines of the server's current log ({@code latest.log}) from byte {@code offset}, at
     * most about {@code maxBytes}. Pass {@link LogRead#nextOffset()} to the next call to read on
     * without repeating or skipping a line. An unknown server or a missing log reads as empty.
     *
     * @throws java.io.UncheckedIOException when the log cannot be read
     */
    LogRead readLog(String serverUuid, long offset, int maxBytes);

    /** Raw resource samples (about every 5 s, kept 24 h) of the server since {@code from}, oldest first. */
    List<MetricPoint> metrics(String serverUuid, Instant from);

    /**
     * The UTF-8 text of a file in the server's folder, {@code path} as the file manager shows it
     * ({@code /server.properties}); confined to the folder, links not followed, at most the file
     * manager's text limit. Empty for an unknown server or a missing file (and on hosts that
     * predate it). File contents are untrusted text. The caller checks the viewer's permission
     * ({@code file.read-content}) first.
     *
     * @throws IllegalArgumentException with a message for a person when the path leaves the folder,
     *     names a folder, or the file is too large or not text
     */
    default Optional<String> readTextFile(String serverUuid, String path) {
        return Optional.empty();
    }

    /**
     * A server.
     *
     * @param uuid its uuid
     * @param identifier the first 8 characters of the uuid (the short id in URLs)
     * @param ownerId the owning user's id
     * @param state {@code offline}, {@code starting}, {@code running} or {@code stopping}
     * @param memoryLimitBytes the memory limit, 0 when unlimited
     * @param diskFreeBytes free space on the volume holding the server's files, -1 when unknown
     */
    record ServerInfo(String uuid, String identifier, String name, long ownerId, String state, long memoryLimitBytes,
                      long diskFreeBytes) {}

    /**
     * The result of {@link #readLog}.
     *
     * @param lines complete lines, without line endings; a line still being written is left for the next read
     * @param nextOffset the offset for the next read
     * @param restarted whether the log was rotated since {@code offset} (reading started again at 0)
     */
    record LogRead(List<String> lines, long nextOffset, boolean restarted) {
        public LogRead {
            lines = List.copyOf(lines);
        }
    }

    /**
     * One resource sample.
     *
     * @param at epoch milliseconds
     * @param cpuPercent CPU use, 100 = one core
     */
    record MetricPoint(long at, double cpuPercent, long memoryBytes, long diskBytes) {}
}
