package dev.talon.ai.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.ai.testing.AddonPanel;
import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.ServersFixture;
import dev.talon.core.servers.metrics.MetricsRepository;
import dev.talon.core.servers.node.PowerAction;
import dev.talon.core.testing.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, acceptance 1, in a real panel with the built jar and the scheduler's "run now": the
 * demo server's log becomes clusters (stored templates) and insights through AnalyzeServerLogs;
 * a memory leak in a server's metrics becomes a "time until memory limit" insight with its numbers
 * through AnalyzeServerPerformance. Ollama is down, so the findings wait for their AI summary.
 *
 * <p>The leak is an hour of synthetic 1-minute samples written through the host's metrics
 * repository on a second, stopped demo server: the detector's default window is a steady rise
 * over 20 minutes, and the live node's own samples of a running server would mix with the
 * synthetic ones. {@link DemoLeakIT} runs the same path on a demo server started with a forced
 * leak and the host's real samples, with the window at its 3-minute minimum.
 */
class DemoServerAnalysisIT {

    private static final long MIB = 1L << 20;

    @TempDir
    Path root;

    private static void runNow(WebClient admin, String key) {
        var page = admin.post("/admin/scheduler/ollama-ai/" + key + "/run", Map.of());
        assertEquals(302, page.status(), key + ": " + page.body());
    }

    @Test
    void the_demo_servers_log_and_a_memory_leak_become_clusters_and_insights_with_their_numbers() {
        try (var ai = AddonPanel.start(root, FakeOllama.start(), null, Map.of("OLLAMA_HOST", "http://127.0.0.1:9"))) {
            var servers = new ServersFixture(ai.panel);
            var owner = servers.account("owner@example.com");
            GameServer demo = servers.demoServer(owner.user().id(), false, Map.of("DEMO_LOG_RATE", "6000"));
            GameServer leaking = servers.demoServer(owner.user().id(), false, Map.of());
            var directory = ai.panel.panel().servers().directory();

            servers.service().power(demo, PowerAction.START, null, null);
            ServersFixture.await("warnings or errors in the demo server's log", Duration.ofSeconds(40), () -> {
                List<String> lines = directory.readLog(demo.uuid().toString(), 0, 1 << 20).lines();
                return lines.stream().anyMatch(l -> l.contains("WARN") || l.contains("ERROR"));
            });

            // An hour of samples, one a minute: 40 MiB rising 0.5 MiB a minute (30 MiB/h) with a little noise.
            var metrics = new MetricsRepository(ai.panel.panel().database().jdbi());
            long now = System.currentTimeMillis();
            for (int minute = 0; minute <= 59; minute++) {
                long memory = (long) ((40 + 0.5 * minute + (minute % 3 == 0 ? 0.3 : -0.2)) * MIB);
                metrics.insert(leaking.id(), now - (59 - minute) * 60_000L, 12.5, memory, 300 * MIB);
            }

            WebClient admin = ai.admin();
            runNow(admin, "ai-analyze-server-logs");
            runNow(admin, "ai-analyze-server-performance");

            String demoUuid = demo.uuid().toString();
            long templates = AddonPanel.eventually(() -> ai.count("SELECT COUNT(*) FROM ai_log_templates WHERE server_uuid = '" + demoUuid + "'"),
                    n -> n > 3, "the demo server's log templates");
            long logInsights = AddonPanel.eventually(() -> ai.count("SELECT COUNT(*) FROM ai_insights WHERE category = 'logs' AND server_uuid = '"
                    + demoUuid + "'"), n -> n > 0, "insights from the demo server's log");
            assertTrue(templates > 3 && logInsights > 0, templates + " clusters, " + logInsights + " insights");
            String logEvidence = ai.panel.panel().database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT evidence FROM ai_insights WHERE category = 'logs' AND server_uuid = :s ORDER BY id")
                    .bind("s", demoUuid).mapTo(String.class).list()).getFirst();
            assertTrue(logEvidence.contains("> "), "quotes the log lines: " + logEvidence);

            String leakUuid = leaking.uuid().toString();
            List<Map<String, Object>> leak = AddonPanel.eventually(() -> ai.panel.panel().database().jdbi().withHandle(h -> h.createQuery(
                            "SELECT title, severity, evidence, ai_status FROM ai_insights WHERE category = 'performance' AND server_uuid = :s"
                                    + " AND fingerprint = 'memory-leak'").bind("s", leakUuid).mapToMap().list()),
                    rows -> !rows.isEmpty(), "the memory-leak insight");
            Map<String, Object> row = leak.getFirst();
            String title = String.valueOf(row.get("title"));
            String evidence = String.valueOf(row.get("evidence"));
            assertTrue(title.startsWith("Memory leak: limit reached in about "), title);
            // 69.5 MiB of 128 MiB, rising 30 MiB/h: about 1.9 hours left.
            assertTrue(evidence.contains("of a 128 MiB limit, rising 30.0 MiB/h"), evidence);
            assertTrue(evidence.contains("over 60 samples, 59 min"), evidence);
            assertEquals("critical", row.get("severity"), "under 6 hours");
            assertEquals("pending", row.get("ai_status"), "no AI summary yet while Ollama is down");

            String analytics = admin.get("/admin/ai/analytics?category=performance").body();
            assertTrue(analytics.contains("Memory leak: limit reached in about"), "shown in AI Analytics");
            var api = servers.api(owner.key(), "GET", "/api/ai/insights/server/" + leaking.identifier(), null);
            assertTrue(api.body().contains("Memory leak: limit reached in about"), api.body());

            servers.service().power(demo, PowerAction.KILL, null, null);
        }
    }
}
