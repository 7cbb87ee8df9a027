package dev.talon.ai.reports;

import dev.talon.ai.analysis.Explainer;
import dev.talon.ai.config.AiConfig;
import dev.talon.ai.insights.Insight;
import dev.talon.ai.ollama.OllamaException;
import dev.talon.api.jobs.JobContext;
import dev.talon.api.jobs.PanelJob;
import dev.talon.api.servers.ServerDirectory;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@code GenerateAiInsights} job: writes the daily report of the last whole UTC day and the
 * weekly report of the last whole ISO week (Monday to Monday) — one for the whole panel and one
 * per server that had findings — unless they exist already, so a restart or a second run neither
 * loses nor repeats a report. The numbers come from the stored insights and analysis runs; the
 * model only writes the summary, which is marked absent when Ollama cannot answer. Reports older
 * than {@code retention.days} are deleted on each run.
 *
 * <p>Delivery: each new report goes to the webhook and, when SMTP and recipients are set, by
 * e-mail; a failed e-mail is recorded on the report (shown on its page) and tried again on the
 * next runs, up to {@link Reports#MAX_EMAIL_ATTEMPTS} attempts.
 */
public final class GenerateAiInsights implements PanelJob {

    public static final String KEY = "ai-generate-insights";

    private final Reports reports;
    private final ServerDirectory servers;
    private final Explainer explainer;
    private final ReportWebhook webhook;
    private final ReportMailer mailer;
    private final Supplier<AiConfig> config;
    private final Clock clock;

    public GenerateAiInsights(Reports reports, ServerDirectory servers, Explainer explainer, ReportWebhook webhook,
                              ReportMailer mailer, Supplier<AiConfig> config, Clock clock) {
        this.mailer = mailer;
        this.reports = reports;
        this.servers = servers;
        this.explainer = explainer;
        this.webhook = webhook;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public boolean enabled() {
        return config.get().enabled();
    }

    @Override
    public String run(JobContext context) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        int[] mail = retryEmails(); // first, so a report that just failed waits for the next run
        int written = 0;
        written += period("daily", millis(today.minusDays(1)), millis(today));
        written += period("weekly", millis(monday.minusWeeks(1)), millis(monday));
        int pruned = reports.pruneOlderThan(clock.millis() - Duration.ofDays(config.get().retentionDays()).toMillis());
        return written + " reports written, " + pruned + " older than retention.days deleted"
                + (mail[0] + mail[1] == 0 ? "" : ", " + mail[0] + " e-mails sent again, " + mail[1] + " still failing");
    }

    /** Failed e-mails of earlier runs, tried once more each: {sent, failed}. */
    private int[] retryEmails() {
        int[] out = {0, 0};
        if (!mailer.configured()) {
            return out;
        }
        for (Reports.Report report : reports.emailsToRetry(50)) {
            var outcome = mailer.send(report.title(), report.markdown());
            reports.recordEmail(report.id(), outcome.error());
            out[outcome.sent() ? 0 : 1]++;
        }
        return out;
    }

    private static long millis(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** Writes the panel report and the per-server reports of one period that do not exist yet. */
    int period(String period, long from, long to) {
        int written = 0;
        List<Insight> all = reports.insights(null, from, to);
        if (!reports.exists(period, null, from)) {
            written += write(period, null, null, from, to, all, reports.runs(from, to));
        }
        for (String uuid : all.stream().map(Insight::serverUuid).filter(java.util.Objects::nonNull).distinct().toList()) {
            if (reports.exists(period, uuid, from)) {
                continue;
            }
            String name = servers.find(uuid).map(s -> s.name() + " (" + s.identifier() + ")")
                    .orElseGet(() -> all.stream().filter(i -> uuid.equals(i.serverUuid())).map(Insight::serverName)
                            .filter(java.util.Objects::nonNull).findFirst().orElse(uuid));
            written += write(period, uuid, name, from, to, all.stream().filter(i -> uuid.equals(i.serverUuid())).toList(), null);
        }
        return written;
    }

    private int write(String period, String serverUuid, String scope, long from, long to, List<Insight> insights,
                      List<Reports.JobTotals> runs) {
        String summary = null;
        String note;
        List<Insight> top = ReportWriter.top(insights);
        if (top.isEmpty()) {
            summary = "Nothing was found in this period.";
            note = "No model was asked: there was nothing to summarise.";
        } else {
            String model = config.get().models().analysis();
            try {
                List<Explainer.Item> items = new ArrayList<>();
                for (Insight i : top) {
                    items.add(new Explainer.Item("F" + i.id(), i.category(), i.severity(), i.title(),
                            i.evidence() == null ? "" : i.evidence()));
                }
                Explainer.Result r = explainer.explain(model, items);
                summary = r.summary() == null || r.summary().isBlank() ? null : r.summary();
                note = summary == null ? "the model returned no summary." : "Summary written by " + r.model() + " from the findings below.";
            } catch (OllamaException | IllegalStateException e) {
                note = "Ollama could not be asked: " + e.getMessage();
            }
        }
        String markdown = ReportWriter.markdown(new ReportWriter.Input(period, scope, from, to, insights, runs, summary, note));
        String title = ReportWriter.title(period, scope, from);
        long id = reports.add(period, serverUuid, from, to, title, markdown);
        webhook.deliver(id, period, serverUuid, from, to, title, markdown, summary != null);
        if (mailer.configured()) {
            reports.recordEmail(id, mailer.send(title, markdown).error());
        }
        return 1;
    }
}
