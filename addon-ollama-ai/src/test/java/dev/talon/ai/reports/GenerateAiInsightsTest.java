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
import java.util.concurrent.atomic.AtomicReference;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.talon.ai.markdown.SafeMarkdown;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.extension.RegisterExtension;
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

    /** What the job's mailer reads at each send; no SMTP host: no e-mail. */
    private final AtomicReference<MailSettings> mail = new AtomicReference<>(
            new MailSettings("", 587, "starttls", "", "", "", List.of()));

    private GenerateAiInsights job(URI ollama, String webhook) {
        if (client != null) {
            client.close();
        }
        client = AnalysisFixture.client(ollama);
        var servers = new AnalysisFixture.FileServers(dir.resolve("latest.log"), 1L << 30);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return new GenerateAiInsights(new Reports(fx.database.jdbi(), clock), servers, new Explainer(() -> client, fx.usage(), 12_000),
                new ReportWebhook(() -> webhook), new ReportMailer(mail::get, new ReportHtml(new SafeMarkdown())), AnalysisFixture::config, clock);
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

    /** A real SMTP server in the test's JVM, on a free port, with one account. */
    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("talon@example.com", "talon", "smtp-secret-1"));

    private MailSettings smtpWith(String password) {
        return new MailSettings("127.0.0.1", smtp.getSmtp().getPort(), "none", "talon", password, "talon@example.com",
                List.of("ops@example.com", "owner@example.com"));
    }

    @Test
    void each_new_report_is_e_mailed_as_markdown_text_with_an_html_alternative_to_every_recipient() throws Exception {
        seed();
        mail.set(smtpWith("smtp-secret-1"));
        String result = job(deadHost(), "").run(RUN);
        assertTrue(result.startsWith("4 reports written"), result);

        MimeMessage[] received = smtp.getReceivedMessages();
        assertEquals(8, received.length, "4 reports × 2 recipients");
        MimeMessage daily = java.util.Arrays.stream(received)
                .filter(m -> subject(m).equals("[Talon] Daily report — whole panel — 2026-03-03")).findFirst().orElseThrow();
        assertEquals("talon@example.com", daily.getFrom()[0].toString());
        assertEquals("[ops@example.com, owner@example.com]", java.util.Arrays.toString(daily.getRecipients(Message.RecipientType.TO)));
        var parts = (MimeMultipart) daily.getContent();
        assertTrue(parts.getContentType().startsWith("multipart/alternative"), parts.getContentType());
        assertEquals(2, parts.getCount());
        assertTrue(parts.getBodyPart(0).isMimeType("text/plain"));
        String text = (String) parts.getBodyPart(0).getContent();
        assertTrue(text.contains("| **all** | 1 | 2 | 0 | 3 |"), "the Markdown as sent: " + text);
        assertTrue(parts.getBodyPart(1).isMimeType("text/html"));
        String html = (String) parts.getBodyPart(1).getContent();
        assertTrue(html.contains("<table"), "the tables rendered: " + html);
        assertTrue(html.contains("ERROR ×41: Could not save chunk"), html);

        Reports store = new Reports(fx.database.jdbi(), Clock.systemUTC());
        Reports.Report report = reports().stream().filter(r -> r.title().equals("Daily report — whole panel — 2026-03-03")).findFirst().orElseThrow();
        var delivery = store.emailDelivery(report.id());
        assertEquals("sent", delivery.status());
        assertEquals(1, delivery.attempts());
        assertEquals(null, delivery.error());
    }

    @Test
    void a_refused_e_mail_is_recorded_on_the_report_in_plain_words_and_sent_on_the_next_run() throws Exception {
        seed();
        mail.set(smtpWith("wrong-password"));
        job(deadHost(), "").run(RUN);
        assertEquals(0, smtp.getReceivedMessages().length);
        Reports store = new Reports(fx.database.jdbi(), Clock.systemUTC());
        Reports.Report report = reports().getFirst();
        var failed = store.emailDelivery(report.id());
        assertEquals("failed", failed.status());
        assertEquals("The SMTP server 127.0.0.1:" + smtp.getSmtp().getPort() + " refused the user name or password.", failed.error());

        mail.set(smtpWith("smtp-secret-1"));
        String result = job(deadHost(), "").run(RUN);
        assertTrue(result.startsWith("0 reports written") && result.endsWith("4 e-mails sent again, 0 still failing"), result);
        assertEquals(8, smtp.getReceivedMessages().length);
        var sent = store.emailDelivery(report.id());
        assertEquals("sent", sent.status());
        assertEquals(2, sent.attempts());
        assertTrue(job(deadHost(), "").run(RUN).endsWith("deleted"), "nothing left to retry");
        assertEquals(8, smtp.getReceivedMessages().length, "a sent report is not sent again");
    }

    @Test
    void an_unreachable_smtp_server_is_one_sentence_and_the_test_e_mail_says_what_is_missing() {
        int closed = deadHost().getPort();
        var mailer = new ReportMailer(() -> new MailSettings("127.0.0.1", closed, "starttls", "", "", "", List.of("ops@example.com")),
                new ReportHtml(new SafeMarkdown()));
        var outcome = mailer.sendTest();
        assertFalse(outcome.sent());
        assertEquals("Could not connect to the SMTP server 127.0.0.1:" + closed + " (starttls).", outcome.error());
        var unset = new ReportMailer(() -> new MailSettings("", 587, "starttls", "", "", "", List.of()), new ReportHtml(new SafeMarkdown()));
        assertEquals("Set reports.smtp.host first.", unset.sendTest().error());
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
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
