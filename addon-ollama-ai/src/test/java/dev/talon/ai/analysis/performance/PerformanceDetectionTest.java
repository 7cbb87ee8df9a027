package dev.talon.ai.analysis.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.insights.Finding;
import dev.talon.api.servers.ServerDirectory.MetricPoint;
import dev.talon.api.servers.ServerDirectory.ServerInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PerformanceDetectionTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void a_spike_scores_near_one_and_steady_noise_stays_low() {
        var detector = AnomalyDetector.defaults();
        var random = new Random(7);
        double maxNoise = 0;
        for (int i = 0; i < 500; i++) {
            maxNoise = Math.max(maxNoise, detector.score(40 + random.nextGaussian() * 2));
        }
        double spike = detector.score(95);
        double after = detector.score(40.5);

        assertTrue(maxNoise < 0.5, "noise scored " + maxNoise);
        assertEquals(1.0, spike, 1e-9);
        assertTrue(after < 0.1, "the spike did not move the baseline: " + after);
    }

    @Test
    void a_flat_series_tolerates_tiny_wiggles_but_flags_a_jump() {
        var detector = AnomalyDetector.defaults();
        for (int i = 0; i < 50; i++) {
            detector.score(i % 2 == 0 ? 100 : 100.2);
        }
        assertTrue(detector.score(100.5) < 0.5);
        assertTrue(detector.score(150) > 0.9);
    }

    @Test
    void a_steady_memory_leak_gives_the_time_until_the_memory_limit_with_its_numbers() {
        // 512 MiB limit; 200 MiB growing 60 MiB/h, sampled every 5 s for an hour, with noise
        var random = new Random(3);
        List<MetricPoint> samples = new ArrayList<>();
        long t0 = 1_700_000_000_000L;
        for (int i = 0; i <= 720; i++) {
            double mib = 200 + 60.0 * i / 720 + random.nextGaussian();
            samples.add(new MetricPoint(t0 + i * 5_000L, 20, (long) (mib * MIB), 100 * MIB));
        }
        var server = new ServerInfo("u", "i", "Demo", 1, "running", 512 * MIB, -1);

        List<Finding> findings = PerformanceFindings.of(server, samples, t0, true, java.time.Duration.ofMinutes(20), 0);
        Finding leak = findings.stream().filter(f -> f.fingerprint().equals("memory-leak")).findFirst().orElseThrow();

        Trend trend = Trend.fit(samples.stream().map(p -> new Trend.Point(p.at(), p.memoryBytes() / (double) MIB)).toList());
        assertEquals(60, trend.slopePerHour(), 1.0);
        assertEquals((512 - 260) / 60.0, trend.hoursUntil(512), 0.1); // ≈ 4.2 h
        assertEquals("critical", leak.severity());
        assertTrue(leak.title().startsWith("Memory leak: limit reached in about 4 h"), leak.title());
        assertTrue(leak.evidence().contains("of a 512 MiB limit, rising 6"), leak.evidence());
    }

    @Test
    void a_flat_memory_series_is_no_leak_and_crash_loops_are_reported() {
        List<MetricPoint> samples = new ArrayList<>();
        for (int i = 0; i < 720; i++) {
            samples.add(new MetricPoint(i * 5_000L, 20, 300 * MIB + (i % 3) * MIB, 100 * MIB));
        }
        var server = new ServerInfo("u", "i", "Demo", 1, "running", 512 * MIB, 1L << 40);

        List<Finding> findings = PerformanceFindings.of(server, samples, 0, true, java.time.Duration.ofMinutes(20), 4);

        assertEquals(List.of("crash-loop"), findings.stream().map(Finding::fingerprint).toList());
    }
}
