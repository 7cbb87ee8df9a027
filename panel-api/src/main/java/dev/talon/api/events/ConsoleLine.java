package dev.talon.api.events;

import java.time.Instant;

/**
 * One line a server printed (stdout or stderr), or a command a user sent.
 *
 * @param serverUuid the server
 * @param line the text, without its line ending; untrusted data
 * @param stream {@code stdout}, {@code stderr} or {@code stdin} (a command echoed)
 * @param at when
 */
public record ConsoleLine(String serverUuid, String line, String stream, Instant at) implements PanelEvent {}
