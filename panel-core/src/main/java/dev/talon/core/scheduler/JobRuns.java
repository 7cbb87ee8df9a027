package dev.talon.core.scheduler;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The history of job runs ({@code job_runs}). Thread-safe. */
public final class JobRuns {

    /** One run. {@code outcome} is {@code ok}, {@code failed} or {@code skipped}. */
    public record Run(long id, String group, String key, boolean manual, long startedAt, long finishedAt, String outcome, String summary) {
        public long durationMillis() {
            return finishedAt - startedAt;
        }
    }

    private final Jdbi jdbi;

    public JobRuns(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void record(String group, String key, boolean manual, long startedAt, long finishedAt, String outcome, String summary) {
        String text = summary == null ? null : summary.length() > 1000 ? summary.substring(0, 1000) : summary;
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO job_runs (job_group, job_key, manual, started_at, finished_at, outcome, summary)
                        VALUES (:g, :k, :m, :s, :f, :o, :summary)""")
                .bind("g", group).bind("k", key).bind("m", manual).bind("s", startedAt).bind("f", finishedAt)
                .bind("o", outcome).bind("summary", text).execute());
    }

    public Optional<Run> last(String group, String key) {
        return recent(group, key, 1).stream().findFirst();
    }

    public List<Run> recent(String group, String key, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, job_group, job_key, manual, started_at, finished_at, outcome, summary FROM job_runs
                        WHERE job_group = :g AND job_key = :k ORDER BY id DESC LIMIT :limit""")
                .bind("g", group).bind("k", key).bind("limit", limit)
                .map((rs, ctx) -> new Run(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getLong(5),
                        rs.getLong(6), rs.getString(7), rs.getString(8)))
                .list());
    }

    public int pruneOlderThan(long epochMillis) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM job_runs WHERE started_at < :cut").bind("cut", epochMillis).execute());
    }
}
