package dev.talon.core.servers.node;

import java.time.Instant;
import java.util.UUID;

/**
 * Resource use of one server; maps 1:1 to {@code dev.talon.api.events.MetricsSample} and to
 * Pterodactyl's {@code /resources} ({@code current_state} = {@code state.wireName()}).
 * Offline servers report zeros except {@code diskBytes}, as Wings does.
 *
 * @param cpuPercent CPU of the process tree since the previous sample, 100 = one core
 * @param memoryBytes resident memory of the process tree
 * @param memoryLimitBytes the configured limit, 0 when unlimited
 * @param diskBytes size of the server folder (refreshed every {@link NodeConfig#diskInterval()})
 * @param networkRxBytes always -1: without containers there are no per-server counters
 * @param networkTxBytes always -1
 * @param uptimeMillis since the process started, 0 when offline
 */
public record ResourceUsage(UUID server, PowerState state, double cpuPercent, long memoryBytes, long memoryLimitBytes,
        long diskBytes, long networkRxBytes, long networkTxBytes, long uptimeMillis, Instant at) {

    /** The same sample with {@code state} as the server's state now (the sample may be one interval old). */
    public ResourceUsage withState(PowerState now) {
        return now == state ? this : new ResourceUsage(server, now, cpuPercent, memoryBytes, memoryLimitBytes, diskBytes,
                networkRxBytes, networkTxBytes, uptimeMillis, at);
    }
}
