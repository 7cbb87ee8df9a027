package dev.talon.ai.analysis.logs;

import dev.talon.ai.analysis.AnalysisStore;
import dev.talon.ai.analysis.PendingCompleter;
import dev.talon.ai.config.AiConfig;
import dev.talon.ai.insights.Finding;
import dev.talon.ai.insights.Insights;
import dev.talon.api.jobs.JobContext;
import dev.talon.api.jobs.PanelJob;
import dev.talon.api.servers.ServerDirectory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code AnalyzeServerLogs} job: for each server, mines the log lines written since the
 * stored cursor, stores findings for notable templates (errors, stack traces, bursts, new
 * warnings) with their evidence, and advances the cursor in the same transaction — so a restart
 * neither loses nor repeats work. Then the model explains pending findings (never the raw log:
 * only the top templates within the explainer's budget); with Ollama down they stay marked "no
 * AI summary yet" and are completed on a later run.
 *
 * <p>Runs on the host's scheduler thread, never concurrently with itself.
 */
public final class AnalyzeServerLogs implements PanelJob {

    public static final String KEY = "ai-analyze-server-logs";
    static final String SOURCE = "log";
    private static final int CHUNK = 1 << 20;
    private static final int FINDINGS_PER_SERVER = 10;
    private static final Duration REPEAT_AFTER = Duration.ofHours(24);

    private final ServerDirectory servers;
    private final Insights insights;
    private final AnalysisStore store;
    private final PendingCompleter completer;
    private final Supplier<AiConfig> config;
    private final Clock clock;
    private final long maxBytesPerServer;

    public AnalyzeServerLogs(ServerDirectory servers, Insights insights, AnalysisStore store, PendingCompleter completer,
                             Supplier<AiConfig> config, Clock clock, long maxBytesPerServer) {
        this.servers = servers;
        this.insights = insights;
        this.store = store;
        this.completer = completer;
        this.config = config;
        this.clock = clock;
        this.maxBytesPerServer = maxBytesPerServer;
    }

    @Override
    public boolean enabled() {
        AiConfig c = config.get();
        return c.on(c.features().serverAnalysis());
    }

    @Override
    public String run(JobContext context) {
        long started = clock.millis();
        long lines = 0;
        int stored = 0;
        int analysed = 0;
        for (ServerDirectory.ServerInfo server : servers.list()) {
            Result r = analyse(server);
            lines += r.lines();
            stored += r.stored();
            analysed++;
        }
        var done = completer.complete("logs", () -> config.get().models().analysis());
        String summary = analysed + " servers, " + lines + " lines, " + stored + " new findings, " + done.completed() + " explained"
                + (done.problem() == null ? "" : "; " + done.stillPending() + " wait for an AI summary (" + done.problem() + ")");
        store.recordRun(KEY, started, clock.millis() - started, lines, stored, done.tokensIn(), done.tokensOut(), summary);
        return summary;
    }

    /** What one server's pass did. */
    public record Result(long lines, int stored, List<LogTemplate> templates) {}

    /** Mines one server's new log lines and stores its findings and cursor together. */
    public Result analyse(ServerDirectory.ServerInfo server) {
        String uuid = server.uuid();
        long offset = store.cursor(uuid, SOURCE, 0);
        var miner = new TemplateMiner();
        var knownTemplates = store.knownTemplates(uuid, 2_000);
        knownTemplates.forEach(miner::seed);
        Set<String> known = knownTemplates.keySet();
        long read = 0;
        long next = offset;
        while (read < maxBytesPerServer) {
            ServerDirectory.LogRead chunk = servers.readLog(uuid, next, CHUNK);
            if (chunk.lines().isEmpty()) {
                if (chunk.restarted()) {
                    next = chunk.nextOffset();
                }
                break;
            }
            chunk.lines().forEach(miner::accept);
            read += chunk.nextOffset() - (chunk.restarted() ? 0 : next);
            next = chunk.nextOffset();
        }
        miner.finish();
        List<LogTemplate> templates = miner.templates();
        boolean firstRun = known.isEmpty() && offset == 0;
        List<Finding> findings = new ArrayList<>();
        for (LogTemplate t : LogFindings.notable(templates, known, FINDINGS_PER_SERVER)) {
            findings.add(LogFindings.finding(uuid, server.name(), server.ownerId(), t, !firstRun && !known.contains(t.fingerprint())));
        }
        long cursor = next;
        long since = clock.millis() - REPEAT_AFTER.toMillis();
        int stored = store.jdbi().inTransaction(h -> {
            int n = 0;
            for (Finding f : findings) {
                if (!insights.hasOpen(h, uuid, f.fingerprint(), since)) {
                    insights.addFinding(h, f);
                    n++;
                }
            }
            for (LogTemplate t : templates) {
                store.sawTemplate(h, uuid, t.fingerprint(), t.template(), t.level() == null ? null : t.level().name(), t.count());
            }
            store.saveCursor(h, uuid, SOURCE, cursor);
            return n;
        });
        return new Result(miner.lines(), stored, templates);
    }
}
