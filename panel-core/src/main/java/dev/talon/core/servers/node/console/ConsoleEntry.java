package dev.talon.core.servers.node.console;

import java.time.Instant;

/**
 * One console line.
 *
 * @param sequence increases by one per line of this server's console, across restarts of the
 *     process (0 for {@link ConsoleStream#STDIN} echoes, which are not numbered)
 * @param text the line without its line ending; untrusted, may contain ANSI escapes
 * @param stream where it came from
 * @param at when the node read it
 */
public record ConsoleEntry(long sequence, String text, ConsoleStream stream, Instant at) {}
