package dev.talon.core.servers.node;

import java.time.Instant;
import java.util.UUID;

/**
 * A power state change; maps 1:1 to {@code dev.talon.api.events.ServerStateChanged}
 * ({@code uuid.toString()}, {@code from.wireName()}, {@code to.wireName()}, crashed, at).
 *
 * @param crashed true only for the change to {@link PowerState#OFFLINE} caused by a crash
 */
public record ServerStateChange(UUID server, PowerState from, PowerState to, boolean crashed, Instant at) {}
