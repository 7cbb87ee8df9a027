package dev.talon.ai.reports;

import dev.talon.ai.insights.Insight;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code ai_reports} table, and the reads a report is built from (insights and analysis runs
 * of a period). Thread-safe.
 */
public final class Reports {

    /**
     * A stored report.
     *
     * @param period {@code daily} or {@code weekly}
     * @param serverUuid the server, or {@code null} for the whole panel
     */
    public record Report(long id, String period, String serverUuid, long periodStart, long periodEnd, long createdAt, String title,
                         String markdown) {}

    /**
     * A report's e-mail delivery: {@code status} null (not e-mailed), {@code sent} or {@code failed}
     * with the last {@code error}; {@code at} is the time of the last attempt.
     */
    public record EmailDelivery(String status, String error, int attempts, Long at) {}

    /** Failed e-mails are tried again on each run until sent or this many attempts. */
    public static final int MAX_EMAIL_ATTEMPTS = 5;

    /** The runs of one job in a period, summed. */
    public record JobTotals(String job, long runs, long items, long findings, long tokensIn, long tokensOut) {}

    private final Jdbi jdbi;
    private final Clock clock;

    public Reports(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public boolean exists(String period, String serverUuid, long periodStart) {
        String server = serverUuid == null ? "server_uuid IS NULL" : "server_uuid = :server";
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT COUNT(*) FROM ai_reports WHERE period = :p AND period_start = :start AND " + server)
                    .bind("p", period).bind("start", periodStart);
            if (serverUuid != null) {
                q.bind("server", serverUuid);
            }
            return q.mapTo(Long.class).one() > 0;
        });
    }

    public long add(String period, String serverUuid, long periodStart, long periodEnd, String title, String markdown) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO ai_reports (period, server_uuid, period_start, period_end, created_at, title, markdown)
                        VALUES (:p, :server, :start, :end, :at, :title, :md)""")
                .bind("p", period).bind("server", serverUuid).bind("start", periodStart).bind("end", periodEnd)
                .bind("at", clock.millis()).bind("title", title.length() > 200 ? title.substring(0, 200) : title).bind("md", markdown)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    public Optional<Report> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, period, server_uuid, period_start, period_end, created_at, title, markdown"
                + " FROM ai_reports WHERE id = :id").bind("id", id).map((rs, ctx) -> new Report(rs.getLong(1), rs.getString(2),
                rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getString(7), rs.getString(8))).findOne());
    }

    /** The newest reports, without their text. */
    public List<Report> recent(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, period, server_uuid, period_start, period_end, created_at, title"
                        + " FROM ai_reports ORDER BY period_start DESC, id DESC LIMIT :limit").bind("limit", limit)
                .map((rs, ctx) -> new Report(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getString(7), null)).list());
    }

    public EmailDelivery emailDelivery(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT email_status, email_error, email_attempts, email_at FROM ai_reports WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> new EmailDelivery(rs.getString(1), rs.getString(2), rs.getInt(3),
                        rs.getObject(4, Long.class))).findOne().orElse(new EmailDelivery(null, null, 0, null)));
    }

    /** Records one e-mail attempt: {@code error} null when it was sent. */
    public void recordEmail(long id, String error) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE ai_reports SET email_status = :status, email_error = :error,"
                        + " email_attempts = email_attempts + 1, email_at = :at WHERE id = :id")
                .bind("status", error == null ? "sent" : "failed")
                .bind("error", error == null ? null : error.length() > 500 ? error.substring(0, 500) : error)
                .bind("at", clock.millis()).bind("id", id).execute());
    }

    /** Reports whose e-mail failed and may be tried again, oldest first. */
    public List<Report> emailsToRetry(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, period, server_uuid, period_start, period_end, created_at, title, markdown"
                        + " FROM ai_reports WHERE email_status = 'failed' AND email_attempts < :max ORDER BY id LIMIT :limit")
                .bind("max", MAX_EMAIL_ATTEMPTS).bind("limit", limit)
                .map((rs, ctx) -> new Report(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getString(7), rs.getString(8))).list());
    }

    public int pruneOlderThan(long epochMillis) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM ai_reports WHERE created_at < :cut").bind("cut", epochMillis).execute());
    }

    /** Insights created in {@code [from, to)} of one server ({@code null}: all), dismissed ones included. */
    public List<Insight> insights(String serverUuid, long from, long to) {
        String server = serverUuid == null ? "" : " AND server_uuid = :server";
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT id, created_at, server_uuid, server_name, owner_id, kind, category, severity, title, explanation,"
                            + " recommendation, evidence, model, resolved_at, ai_status, fingerprint, acknowledged_at, dismissed_at"
                            + " FROM ai_insights WHERE created_at >= :from AND created_at < :to" + server + " ORDER BY id")
                    .bind("from", from).bind("to", to);
            if (serverUuid != null) {
                q.bind("server", serverUuid);
            }
            return q.map((rs, ctx) -> new Insight(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                    rs.getObject(5, Long.class), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                    rs.getString(11), rs.getString(12), rs.getString(13), rs.getObject(14, Long.class), rs.getString(15),
                    rs.getString(16), rs.getObject(17, Long.class), rs.getObject(18, Long.class))).list();
        });
    }

    /** Analysis runs started in {@code [from, to)}, summed per job. */
    public List<JobTotals> runs(long from, long to) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT job, COUNT(*), SUM(items), SUM(findings), SUM(tokens_in), SUM(tokens_out) FROM ai_analysis_runs
                        WHERE started_at >= :from AND started_at < :to GROUP BY job ORDER BY job""")
                .bind("from", from).bind("to", to)
                .map((rs, ctx) -> new JobTotals(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6))).list());
    }
}
