package dev.talon.api.events;

import java.time.Instant;

/**
 * A resource sample of a running server.
 *
 * @param serverUuid the server
 * @param cpuPercent CPU use, 100 = one core
 * @param memoryBytes resident memory of the process tree
 * @param memoryLimitBytes the server's memory limit, 0 when unlimited
 * @param diskBytes size of the server's folder
 * @param networkRxBytes bytes received since start, or -1 when unknown
 * @param networkTxBytes bytes sent since start, or -1 when unknown
 * @param uptimeMillis time since the process started
 * @param at when
 */
public record MetricsSample(
        String serverUuid,
        double cpuPercent,
        long memoryBytes,
        long memoryLimitBytes,
        long diskBytes,
        long networkRxBytes,
        long networkTxBytes,
        long uptimeMillis,
        Instant at)
        implements PanelEvent {}
