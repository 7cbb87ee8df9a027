package dev.talon.core.servers.node.console;

import dev.talon.core.servers.node.PowerState;

/**
 * Receives console lines of one subscription, in order, on the subscription's own virtual
 * thread; it may block (e.g. on a WebSocket send) without slowing the process reader.
 */
@FunctionalInterface
public interface ConsoleSink {
    void accept(ConsoleEntry entry) throws Exception;

    /**
     * The server's power state changed. Delivered in the same order as the lines around it
     * (the last lines of a process come before its {@code offline}); a viewer whose queue is
     * full still gets the newest state once the queue drains. Default: ignored.
     */
    default void state(PowerState to) throws Exception {
    }
}
