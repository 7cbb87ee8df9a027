package dev.talon.core.servers.node.console;

/**
 * Receives console lines of one subscription, in order, on the subscription's own virtual
 * thread; it may block (e.g. on a WebSocket send) without slowing the process reader.
 */
@FunctionalInterface
public interface ConsoleSink {
    void accept(ConsoleEntry entry) throws Exception;
}
