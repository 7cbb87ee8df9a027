package dev.talon.ai.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.ai.analysis.AnalysisFixture;
import dev.talon.ai.analysis.Explainer;
import dev.talon.ai.insights.Insights;
import dev.talon.ai.ollama.OllamaClient;
import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.ai.ollama.fake.Reply;
import dev.talon.api.jobs.JobContext;
import dev.talon.api.servers.ServerDirectory;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Daily and weekly reports from stored findings and runs, on H2 with the real migrations. */
class GenerateAiInsightsTest {

    /** A Wednesday: yesterday is Tuesday 2026-03-03; the last whole week is 2026-02-23 to 2026-03-02 (before yesterday). */
    private static final Instant NOW = Instant.parse("2026-03-04T00:10:00Z");
    private static final Instant YESTERDAY = Instant.parse("2026-03-03T09:00:00Z");
    private static final JobContext RUN = new JobContext() {
        @Override
        public Instant scheduledAt() {
            return NOW;
        }

        @Override
        public boolean manual() {
            return true;
        }
    };

    @TempDir
    Path dir;

    private final AnalysisFixture fx = new AnalysisFixture();
    private OllamaClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        fx.close();
    }

    private GenerateAiInsights job(URI ollama, String webhook) {
        client = AnalysisFixture.client(ollama);
        var servers = new AnalysisFixture.FileServers(dir.resolve("latest.log"), 1L << 30);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return new GenerateAiInsights(new Reports(fx.database.jdbi(), clock), servers, new Explainer(() -> client, fx.usage(), 12_000),
                new ReportWebhook(() -> webhook), AnalysisFixture::config, clock);
    }

    private void seed() {
        var at = new Insights(fx.database.jdbi(), Clock.fixed(YESTERDAY, ZoneOffset.UTC));
        String uuid = "11111111-2222-3333-4444-555555555555";
        at.add(uuid, "Demo", 1L, "alert", "logs", "critical", "ERROR ×41: Could not save chunk", "The disk is full.",
                "Free disk space.", "> [12:00] ERROR Could not save chunk", "mistral:7b");
        at.add(uuid, "Demo", 1L, "insight", "performance", "warning", "Memory grows 12.0 MiB/h: limit in 3.5 h", null, null,
                "slope 12.0 MiB/h", null);
        at.add(null, null, null, "alert", "security", "warning", "5 failed sign-ins for a@example.com within 10 min", null, null,
                "> #1 auth.login.failed", null);
        new Insights(fx.database.jdbi(), Clock.fixed(Instant.parse("2026-03-01T09:00:00Z"), ZoneOffset.UTC))
                .add(uuid, "Demo", 1L, "insight", "logs", "info", "Earlier in the week", null, null, null, null);
        fx.store.recordRun("ai-analyze-server-logs", YESTERDAY.toEpochMilli(), 120, 5000, 1, 300, 80, "ok");
        fx.store.recordRun("ai-analyze-server-logs", YESTERDAY.toEpochMilli() + 300_000, 100, 2500, 0, 0, 0, "ok");
    }

    private List<Reports.Report> reports() {
        return new Reports(fx.database.jdbi(), Clock.systemUTC()).recent(50).stream()
                .map(r -> new Reports(fx.database.jdbi(), Clock.systemUTC()).find(r.id()).orElseThrow()).toList();
    }

    @Test
    void with_ollama_down_the_daily_and_weekly_reports_hold_the_exact_numbers_and_say_the_summary_is_absent() {
        seed();
        String result = job(deadHost(), "").run(RUN);
        assertTrue(result.startsWith("4 reports written"), result + ": daily and weekly, panel and the one server");

        List<Reports.Report> all = reports();
        Reports.Report daily = all.stream().filter(r -> r.period().equals("daily") && r.serverUuid() == null).findFirst().orElseThrow();
        assertEquals("Daily report — whole panel — 2026-03-03", daily.title());
        String md = daily.markdown();
        assertTrue(md.contains("_AI summary absent: Ollama could not be asked: "), md);
        assertTrue(md.contains("3 findings; 0 acknowledged, 0 dismissed, 0 still without an AI summary."), md);
        assertTrue(md.contains("| logs | 1 | 0 | 0 | 1 |"), md);
        assertTrue(md.contains("| **all** | 1 | 2 | 0 | 3 |"), md);
        assertTrue(md.indexOf("[critical] ERROR ×41") < md.indexOf("[warning]"), "most severe first: " + md);
        assertTrue(md.contains("| ai-analyze-server-logs | 2 | 7500 | 1 | 300 | 80 |"), md);

        Reports.Report weekly = all.stream().filter(r -> r.period().equals("weekly") && r.serverUuid() == null).findFirst().orElseThrow();
        assertEquals("Weekly report — whole panel — week of 2026-02-23", weekly.title());
        assertTrue(weekly.markdown().contains("| **all** | 0 | 0 | 1 | 1 |"), "only last week's finding: " + weekly.markdown());
        Reports.Report server = all.stream().filter(r -> r.period().equals("daily") && r.serverUuid() != null).findFirst().orElseThrow();
        assertEquals("Daily report — Demo (11111111) — 2026-03-03", server.title());
        assertFalse(server.markdown().contains("failed sign-ins"), "panel-wide alerts stay out of a server's report");
        assertFalse(server.markdown().contains("## Analysis runs"));

        assertTrue(job(deadHost(), "").run(RUN).startsWith("0 reports written"), "a second run repeats nothing");
    }

    @Test
    void with_ollama_up_the_model_writes_only_the_summary_and_the_report_goes_to_the_webhook() throws Exception {
        seed();
        try (var ollama = FakeOllama.start().withModel(AnalysisFixture.MODEL); var hook = new MockWebServer()) {
            hook.start();
            for (int i = 0; i < 4; i++) {
                ollama.enqueue("/api/chat", Reply.chatFrom(r -> "{\"summary\":\"The disk filled up on Demo.\",\"findings\":[]}"));
                hook.enqueue(new MockResponse.Builder().code(204).build());
            }
            job(ollama.uri(), hook.url("/hook").toString()).run(RUN);
            Reports.Report daily = reports().stream().filter(r -> r.period().equals("daily") && r.serverUuid() == null)
                    .findFirst().orElseThrow();
            assertTrue(daily.markdown().contains("The disk filled up on Demo.\n\n_Summary written by " + AnalysisFixture.MODEL), daily.markdown());
            assertTrue(daily.markdown().contains("| **all** | 1 | 2 | 0 | 3 |"), "the numbers are still counted");

            RecordedRequest delivered = hook.takeRequest(5, TimeUnit.SECONDS);
            assertEquals("POST", delivered.getMethod());
            var body = new ObjectMapper().readTree(delivered.getBody().utf8());
            assertEquals("ai.report", body.path("event").asText());
            assertTrue(body.path("ai_summary").asBoolean());
            assertTrue(body.path("markdown").asText().startsWith("# "));
        }
    }

    @Test
    void reports_older_than_retention_days_are_deleted() {
        var old = new Reports(fx.database.jdbi(), Clock.fixed(NOW.minusSeconds(31L * 86400), ZoneOffset.UTC));
        old.add("daily", null, 0, 1, "Old", "# Old");
        String result = job(deadHost(), "").run(RUN);
        assertTrue(result.endsWith("1 older than retention.days deleted"), result);
        assertTrue(reports().stream().noneMatch(r -> r.title().equals("Old")));
    }

    static URI deadHost() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unused")
    private static ServerDirectory none() {
        return ServerDirectory.EMPTY;
    }
}
