package dev.talon.ai.analysis.performance;

import dev.talon.ai.analysis.AnalysisStore;
import dev.talon.ai.analysis.PendingCompleter;
import dev.talon.ai.config.AiConfig;
import dev.talon.ai.insights.Finding;
import dev.talon.ai.insights.Insights;
import dev.talon.api.jobs.JobContext;
import dev.talon.api.jobs.PanelJob;
import dev.talon.api.servers.ServerDirectory;
import dev.talon.api.servers.ServerDirectory.MetricPoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@code AnalyzeServerPerformance} job: per server, the last hour of 5-second samples is the
 * baseline; samples after the stored cursor are scored ({@link PerformanceFindings}). Findings and
 * the new cursor commit together; the model then explains pending ones (with Ollama down they
 * wait, marked "no AI summary yet"). Runs on the scheduler thread, never concurrently with itself.
 */
public final class AnalyzeServerPerformance implements PanelJob {

    public static final String KEY = "ai-analyze-server-performance";
    static final String SOURCE = "metrics";
    static final Duration BASELINE = Duration.ofHours(1);

    private final ServerDirectory servers;
    private final Insights insights;
    private final AnalysisStore store;
    private final PendingCompleter completer;
    private final CrashTracker crashes;
    private final Supplier<AiConfig> config;
    private final Clock clock;

    public AnalyzeServerPerformance(ServerDirectory servers, Insights insights, AnalysisStore store, PendingCompleter completer,
                                    CrashTracker crashes, Supplier<AiConfig> config, Clock clock) {
        this.servers = servers;
        this.insights = insights;
        this.store = store;
        this.completer = completer;
        this.crashes = crashes;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public boolean enabled() {
        AiConfig c = config.get();
        return c.on(c.features().performanceMonitoring());
    }

    @Override
    public String run(JobContext context) {
        long started = clock.millis();
        long samples = 0;
        int stored = 0;
        int count = 0;
        for (ServerDirectory.ServerInfo server : servers.list()) {
            long[] r = analyse(server);
            samples += r[0];
            stored += (int) r[1];
            count++;
        }
        var done = completer.complete("performance", () -> config.get().models().analysis());
        String summary = count + " servers, " + samples + " new samples, " + stored + " new findings, " + done.completed() + " explained"
                + (done.problem() == null ? "" : "; " + done.stillPending() + " wait for an AI summary (" + done.problem() + ")");
        store.recordRun(KEY, started, clock.millis() - started, samples, stored, done.tokensIn(), done.tokensOut(), summary);
        return summary;
    }

    /** Scores one server's new samples; returns {new samples, stored findings}. */
    public long[] analyse(ServerDirectory.ServerInfo server) {
        long now = clock.millis();
        long cursor = store.cursor(server.uuid(), SOURCE, 0);
        List<MetricPoint> samples = servers.metrics(server.uuid(), Instant.ofEpochMilli(now - BASELINE.toMillis()));
        long newFrom = cursor + 1;
        long fresh = samples.stream().filter(p -> p.at() >= newFrom).count();
        if (fresh == 0) {
            return new long[] {0, 0};
        }
        long last = samples.get(samples.size() - 1).at();
        AiConfig current = config.get();
        List<Finding> findings = PerformanceFindings.of(server, samples, newFrom, current.features().predictiveAnalytics(),
                current.leakMinSpan(), crashes.recent(server.uuid()));
        long since = now - Duration.ofHours(6).toMillis();
        int stored = store.jdbi().inTransaction(h -> {
            int n = 0;
            for (Finding f : findings) {
                if (!insights.hasOpen(h, server.uuid(), f.fingerprint(), since)) {
                    insights.addFinding(h, f);
                    n++;
                }
            }
            store.saveCursor(h, server.uuid(), SOURCE, last);
            return n;
        });
        return new long[] {fresh, stored};
    }
}
