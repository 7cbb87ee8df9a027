package dev.talon.core.servers.node;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A server process exited without being asked to; for the activity log and crash analysis.
 *
 * @param exitCode the process's exit code; 128 + n when killed by signal n (137 = SIGKILL)
 * @param outOfMemory whether the last lines mention {@code OutOfMemoryError} (a hint, no cgroup here)
 * @param lastLines the last console lines before the exit (up to 20), oldest first
 * @param autoRestarting whether the node is restarting it; false when auto-restart is off or the
 *     previous crash restart was within the crash-loop window
 */
public record ServerCrash(UUID server, int exitCode, boolean outOfMemory, List<String> lastLines,
        boolean autoRestarting, Instant at) {

    public ServerCrash {
        lastLines = List.copyOf(lastLines);
    }
}
