package dev.talon.core.servers.node.console;

/**
 * Where a console line came from. The node merges the process's stderr into stdout (one pipe,
 * one reader thread), so process output is always {@link #STDOUT}.
 */
public enum ConsoleStream {
    /** Printed by the server process. */
    STDOUT,
    /** A command sent to the server's stdin (not in the ring buffer or log; for audit/events). */
    STDIN,
    /** Written by the node itself, e.g. the crash notice; prefixed {@code [Talon Daemon]:}. */
    DAEMON;

    /** The {@code stream} value of {@code dev.talon.api.events.ConsoleLine}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
