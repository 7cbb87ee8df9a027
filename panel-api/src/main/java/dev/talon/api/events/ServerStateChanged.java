package dev.talon.api.events;

import java.time.Instant;

/**
 * A server changed power state.
 *
 * @param serverUuid the server
 * @param from previous state: {@code offline}, {@code starting}, {@code running}, {@code stopping}
 * @param to new state; {@code crashed} is reported as {@code offline} with {@code crashed} true
 * @param crashed whether the process exited unexpectedly
 * @param at when
 */
public record ServerStateChanged(String serverUuid, String from, String to, boolean crashed, Instant at)
        implements PanelEvent {}
