package dev.talon.core.servers.node;

import dev.talon.core.servers.node.console.ConsoleEntry;
import java.util.UUID;

/**
 * Hears what the node's servers do. The panel bridges it to its event bus and activity log.
 *
 * <p>Threading: methods are called on node threads — state changes and crashes with the server's
 * lock held (so they arrive in order), console lines on the process reader thread, metrics on
 * the sampling thread. They must return quickly and must not block or call power methods
 * synchronously; hand work to a queue. Exceptions thrown are logged and ignored.
 */
public interface NodeListener {

    NodeListener NONE = new NodeListener() {};

    default void onStateChanged(ServerStateChange change) {}

    /** Called after the change to offline (crashed) and before any auto-restart. */
    default void onCrash(ServerCrash crash) {}

    /** Every console line, including {@link dev.talon.core.servers.node.console.ConsoleStream#STDIN} echoes of commands. */
    default void onConsoleLine(UUID server, ConsoleEntry line) {}

    default void onMetrics(ResourceUsage sample) {}

    /** A process left running by a previous panel run was found and killed while the node opened. */
    default void onOrphanKilled(UUID server, long pid) {}
}
