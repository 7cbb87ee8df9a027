package dev.talon.ai.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.ai.testing.AddonPanel;
import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.ServersFixture;
import dev.talon.core.servers.node.PowerAction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, acceptance 1, end to end with nothing synthetic: a demo server started with a forced
 * leak ({@code DEMO_MEMORY_GROWTH_KB}), the host's own 5-second metrics samples of its real
 * process, and AnalyzeServerPerformance turning them into a "time until memory limit" insight.
 *
 * <p>The leak rule wants a steady rise over {@code limits.leak_min_minutes} (20 by default, its
 * guard against calling a warm-up a leak); this test sets the smallest allowed, 3, and leaks fast,
 * so it takes about four minutes. {@link DemoServerAnalysisIT} covers the default window with an
 * hour of samples written through the metrics repository.
 */
class DemoLeakIT {

    @TempDir
    Path root;

    @Test
    void a_demo_server_with_a_forced_leak_yields_a_time_until_memory_limit_insight_from_its_real_samples() throws Exception {
        String yml = "limits:\n  leak_min_minutes: 3\n";
        try (var ai = AddonPanel.start(root, FakeOllama.start(), yml, Map.of("OLLAMA_HOST", "http://127.0.0.1:9"))) {
            var servers = new ServersFixture(ai.panel);
            var owner = servers.account("owner@example.com");
            // 8 MiB a minute into a 128 MiB server (heap cap 64 MiB): still rising after four minutes.
            GameServer demo = servers.demoServer(owner.user().id(), false, Map.of("DEMO_MEMORY_GROWTH_KB", "8192", "DEMO_LOG_RATE", "60"));
            servers.service().power(demo, PowerAction.START, null, null);
            Thread.sleep(Duration.ofSeconds(3 * 60 + 40).toMillis());

            long samples = ai.count("SELECT COUNT(*) FROM server_metrics WHERE server_id = " + demo.id());
            assertTrue(samples >= 36, "the host sampled the running process every 5 s: " + samples);
            var run = ai.admin().post("/admin/scheduler/ollama-ai/ai-analyze-server-performance/run", Map.of());
            assertEquals(302, run.status(), run.body());

            String uuid = demo.uuid().toString();
            List<Map<String, Object>> leak = AddonPanel.eventually(() -> ai.panel.panel().database().jdbi().withHandle(h -> h.createQuery(
                            "SELECT title, evidence FROM ai_insights WHERE category = 'performance' AND server_uuid = :s"
                                    + " AND fingerprint = 'memory-leak'").bind("s", uuid).mapToMap().list()),
                    rows -> !rows.isEmpty(), "the memory-leak insight");
            String title = String.valueOf(leak.getFirst().get("title"));
            String evidence = String.valueOf(leak.getFirst().get("evidence"));
            System.out.println("DemoLeakIT: " + samples + " samples; " + title + " | " + evidence); // the figures for docs/BENCHMARKS.md
            assertTrue(title.startsWith("Memory leak: limit reached in about "), title);
            var m = java.util.regex.Pattern.compile("of a 128 MiB limit, rising ([0-9.]+) MiB/h").matcher(evidence);
            assertTrue(m.find(), evidence);
            double slope = Double.parseDouble(m.group(1));
            assertTrue(slope > 300 && slope < 900, "about 480 MiB/h retained (8 MiB a minute) plus the JVM's own growth: " + evidence);
            servers.service().power(demo, PowerAction.KILL, null, null);
        }
    }
}
