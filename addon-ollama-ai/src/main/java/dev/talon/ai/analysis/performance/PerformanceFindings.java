package dev.talon.ai.analysis.performance;

import dev.talon.ai.insights.Finding;
import dev.talon.api.servers.ServerDirectory.MetricPoint;
import dev.talon.api.servers.ServerDirectory.ServerInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Exact rules over one server's samples: anomalies of CPU and memory (robust score ≥ 0.9), a
 * memory leak with the time until the memory limit, the disk-full ETA, and crash loops. Each
 * finding states its numbers. Stateless.
 */
public final class PerformanceFindings {

    static final double ANOMALY = 0.9;
    private static final double MIB = 1024.0 * 1024.0;

    private PerformanceFindings() {}

    /**
     * @param samples the server's samples, oldest first (the baseline window plus the new ones)
     * @param newFrom only samples at or after this time are scored as new
     * @param predictive whether trend predictions (leak ETA, disk ETA) are on
     * @param trendMinSpan how long a rise must be steady before it is a trend ({@code limits.leak_min_minutes})
     * @param crashesRecently crashes of the server in the last 15 minutes
     */
    public static List<Finding> of(ServerInfo server, List<MetricPoint> samples, long newFrom, boolean predictive,
                                   java.time.Duration trendMinSpan, int crashesRecently) {
        List<Finding> out = new ArrayList<>();
        anomaly(server, samples, newFrom, "CPU", p -> p.cpuPercent(), "%").ifPresent(out::add);
        anomaly(server, samples, newFrom, "memory", p -> p.memoryBytes() / MIB, " MiB").ifPresent(out::add);
        if (predictive && server.memoryLimitBytes() > 0) {
            leak(server, samples, trendMinSpan).ifPresent(out::add);
        }
        if (predictive && server.diskFreeBytes() > 0) {
            disk(server, samples, trendMinSpan).ifPresent(out::add);
        }
        if (crashesRecently >= 3) {
            out.add(new Finding(server.uuid(), server.name(), server.ownerId(), "alert", "performance", "critical",
                    "Crash loop: " + crashesRecently + " crashes in 15 minutes",
                    "The server crashed " + crashesRecently + " times in the last 15 minutes.",
                    "crashes in the last 15 min: " + crashesRecently, "crash-loop"));
        }
        return out;
    }

    private static java.util.Optional<Finding> anomaly(ServerInfo s, List<MetricPoint> samples, long newFrom, String name,
                                                      java.util.function.ToDoubleFunction<MetricPoint> value, String unit) {
        var detector = AnomalyDetector.defaults();
        MetricPoint worst = null;
        double worstScore = 0;
        double worstBaseline = 0;
        int anomalies = 0;
        for (MetricPoint p : samples) {
            double score = detector.score(value.applyAsDouble(p));
            if (p.at() >= newFrom && score >= ANOMALY) {
                anomalies++;
                if (score > worstScore || worst == null) {
                    worst = p;
                    worstScore = score;
                    worstBaseline = detector.baseline();
                }
            }
        }
        if (worst == null) {
            return java.util.Optional.empty();
        }
        String evidence = String.format(Locale.ROOT, "%s at %s: %.1f%s (baseline median %.1f%s, anomaly score %.2f); %d anomalous samples of %d",
                name, java.time.Instant.ofEpochMilli(worst.at()), value.applyAsDouble(worst), unit, worstBaseline, unit, worstScore,
                anomalies, samples.size());
        return java.util.Optional.of(new Finding(s.uuid(), s.name(), s.ownerId(), "insight", "performance", "warning",
                String.format(Locale.ROOT, "%s anomaly: %.1f%s against a baseline of %.1f%s", name, value.applyAsDouble(worst), unit,
                        worstBaseline, unit),
                evidence, evidence, "anomaly-" + name.toLowerCase(Locale.ROOT) + "-" + worst.at() / 3_600_000));
    }

    private static java.util.Optional<Finding> leak(ServerInfo s, List<MetricPoint> samples, java.time.Duration minSpan) {
        Trend trend = Trend.fit(samples.stream().map(p -> new Trend.Point(p.at(), p.memoryBytes() / MIB)).toList());
        if (trend == null || !trend.steadyRise(minSpan)) {
            return java.util.Optional.empty();
        }
        double limit = s.memoryLimitBytes() / MIB;
        double hours = trend.hoursUntil(limit);
        if (hours > 72) {
            return java.util.Optional.empty();
        }
        String severity = hours < 6 ? "critical" : "warning";
        String evidence = String.format(Locale.ROOT,
                "memory %.0f MiB of a %.0f MiB limit, rising %.1f MiB/h (R² %.2f over %d samples, %.0f min): limit reached in about %s",
                trend.last(), limit, trend.slopePerHour(), trend.r2(), trend.points(), trend.spanMillis() / 60_000.0, duration(hours));
        return java.util.Optional.of(new Finding(s.uuid(), s.name(), s.ownerId(), "alert", "performance", severity,
                "Memory leak: limit reached in about " + duration(hours), evidence, evidence, "memory-leak"));
    }

    private static java.util.Optional<Finding> disk(ServerInfo s, List<MetricPoint> samples, java.time.Duration minSpan) {
        Trend trend = Trend.fit(samples.stream().map(p -> new Trend.Point(p.at(), p.diskBytes() / MIB)).toList());
        if (trend == null || !trend.steadyRise(minSpan)) {
            return java.util.Optional.empty();
        }
        double hours = (s.diskFreeBytes() / MIB) / trend.slopePerHour();
        if (hours > 72) {
            return java.util.Optional.empty();
        }
        String evidence = String.format(Locale.ROOT, "server files %.0f MiB, growing %.1f MiB/h (R² %.2f); %.0f MiB free on the volume: full in about %s",
                trend.last(), trend.slopePerHour(), trend.r2(), s.diskFreeBytes() / MIB, duration(hours));
        return java.util.Optional.of(new Finding(s.uuid(), s.name(), s.ownerId(), "alert", "performance", hours < 6 ? "critical" : "warning",
                "Disk full in about " + duration(hours), evidence, evidence, "disk-full"));
    }

    static String duration(double hours) {
        if (hours < 1) {
            return Math.max(1, Math.round(hours * 60)) + " min";
        }
        long h = (long) hours;
        long m = Math.round((hours - h) * 60);
        return m == 60 ? (h + 1) + " h" : h + " h " + m + " min";
    }
}
