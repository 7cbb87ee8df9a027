package dev.talon.ai.analysis;

import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The analysis jobs' own state: per-server cursors (where the last run stopped), the log
 * templates seen per server, and the history of runs. Cursor writes take the caller's
 * {@link Handle} so they commit in one transaction with the findings of the same run: a crash
 * loses neither, and nothing is analysed twice. Thread-safe.
 */
public final class AnalysisStore {

    /** One run of a job, as AI Analytics lists it. */
    public record Run(long id, String job, long startedAt, long durationMs, long items, int findings, int tokensIn, int tokensOut,
                      String summary) {}

    private final Jdbi jdbi;
    private final Clock clock;

    public AnalysisStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** The stored cursor of a server and source, or {@code fallback} when none. */
    public long cursor(String serverUuid, String source, long fallback) {
        return jdbi.withHandle(h -> h.createQuery("SELECT cursor_at FROM ai_analysis_cursors WHERE server_uuid = :s AND source = :src")
                .bind("s", serverUuid).bind("src", source).mapTo(Long.class).findOne().orElse(fallback));
    }

    public void saveCursor(Handle h, String serverUuid, String source, long value) {
        int updated = h.createUpdate("UPDATE ai_analysis_cursors SET cursor_at = :v, updated_at = :now WHERE server_uuid = :s AND source = :src")
                .bind("v", value).bind("now", clock.millis()).bind("s", serverUuid).bind("src", source).execute();
        if (updated == 0) {
            h.createUpdate("INSERT INTO ai_analysis_cursors (server_uuid, source, cursor_at, updated_at) VALUES (:s, :src, :v, :now)")
                    .bind("v", value).bind("now", clock.millis()).bind("s", serverUuid).bind("src", source).execute();
        }
    }

    /** The templates already seen on a server: fingerprint → template, most seen first (at most {@code limit}). */
    public java.util.LinkedHashMap<String, String> knownTemplates(String serverUuid, int limit) {
        var out = new java.util.LinkedHashMap<String, String>();
        jdbi.useHandle(h -> h.createQuery("SELECT fingerprint, template FROM ai_log_templates WHERE server_uuid = :s ORDER BY seen DESC LIMIT :n")
                .bind("s", serverUuid).bind("n", limit).map((rs, ctx) -> out.put(rs.getString(1), rs.getString(2))).list());
        return out;
    }

    /** Adds {@code count} sightings of a template (inserting it when new). */
    public void sawTemplate(Handle h, String serverUuid, String fingerprint, String template, String level, long count) {
        long now = clock.millis();
        int updated = h.createUpdate("""
                        UPDATE ai_log_templates SET seen = seen + :n, last_seen = :now, level = COALESCE(:level, level), template = :t
                        WHERE server_uuid = :s AND fingerprint = :fp""")
                .bind("n", count).bind("now", now).bind("level", level).bind("s", serverUuid).bind("fp", fingerprint)
                .bind("t", template.length() > 1000 ? template.substring(0, 1000) : template).execute();
        if (updated == 0) {
            h.createUpdate("""
                            INSERT INTO ai_log_templates (server_uuid, fingerprint, template, level, seen, first_seen, last_seen)
                            VALUES (:s, :fp, :t, :level, :n, :now, :now)""")
                    .bind("s", serverUuid).bind("fp", fingerprint).bind("t", template.length() > 1000 ? template.substring(0, 1000) : template)
                    .bind("level", level).bind("n", count).bind("now", now).execute();
        }
    }

    public void recordRun(String job, long startedAt, long durationMs, long items, int findings, int tokensIn, int tokensOut, String summary) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO ai_analysis_runs (job, started_at, duration_ms, items, findings, tokens_in, tokens_out, summary)
                        VALUES (:job, :at, :ms, :items, :findings, :tin, :tout, :summary)""")
                .bind("job", job).bind("at", startedAt).bind("ms", durationMs).bind("items", items).bind("findings", findings)
                .bind("tin", tokensIn).bind("tout", tokensOut).bind("summary", summary.length() > 300 ? summary.substring(0, 300) : summary)
                .execute());
    }

    public List<Run> recentRuns(int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, job, started_at, duration_ms, items, findings, tokens_in, tokens_out, summary
                        FROM ai_analysis_runs ORDER BY id DESC LIMIT :limit""")
                .bind("limit", limit)
                .map((rs, ctx) -> new Run(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getInt(6),
                        rs.getInt(7), rs.getInt(8), rs.getString(9)))
                .list());
    }

    public void pruneRunsOlderThan(long epochMillis) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM ai_analysis_runs WHERE started_at < :cut").bind("cut", epochMillis).execute());
    }
}
