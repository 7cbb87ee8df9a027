package dev.talon.ai.usage;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/** Reads {@code ai_usage} for the AI Dashboard: series over time and a table per model and feature. */
public final class UsageStats {

    /** Requests, errors and tokens in one time bucket. */
    public record Bucket(long start, int requests, int errors, long tokens, Integer ttftP50, Integer ttftP95) {}

    /** Totals for one model and feature over the window. */
    public record Row(String model, String feature, int requests, int errors, long tokensIn, long tokensOut,
                      Integer ttftP50, Integer ttftP95) {}

    /** One audit line. */
    public record AuditEntry(long at, Long userId, String feature, String operation, String model, int promptChars,
                             Integer tokensIn, Integer tokensOut, int durationMs, String outcome, String errorType) {}

    private record Raw(long at, String model, String feature, String outcome, long tokensIn, long tokensOut, Integer ttft) {}

    private final Jdbi jdbi;
    private final Clock clock;

    public UsageStats(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    private List<Raw> window(Duration window) {
        long from = clock.millis() - window.toMillis();
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT created_at, model, feature, outcome, tokens_in, tokens_out, ttft_ms FROM ai_usage
                        WHERE created_at >= :from AND operation IN ('chat', 'generate', 'embed') ORDER BY created_at""")
                .bind("from", from)
                .map((rs, ctx) -> new Raw(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6),
                        rs.getObject(7, Integer.class)))
                .list());
    }

    /** Buckets of {@code step} covering the window, oldest first, empty ones included. */
    public List<Bucket> series(Duration window, Duration step) {
        long now = clock.millis();
        long stepMs = step.toMillis();
        long first = (now - window.toMillis()) / stepMs * stepMs;
        var raws = new TreeMap<Long, List<Raw>>();
        for (long t = first; t <= now; t += stepMs) {
            raws.put(t, new ArrayList<>());
        }
        for (Raw r : window(window)) {
            raws.computeIfAbsent(r.at() / stepMs * stepMs, k -> new ArrayList<>()).add(r);
        }
        var buckets = new ArrayList<Bucket>();
        raws.forEach((start, list) -> {
            var ttfts = list.stream().map(Raw::ttft).filter(java.util.Objects::nonNull).sorted().toList();
            buckets.add(new Bucket(start, list.size(), (int) list.stream().filter(r -> "error".equals(r.outcome())).count(),
                    list.stream().mapToLong(r -> r.tokensIn() + r.tokensOut()).sum(), percentile(ttfts, 50), percentile(ttfts, 95)));
        });
        return buckets;
    }

    public List<Row> byModelAndFeature(Duration window) {
        var groups = new LinkedHashMap<String, List<Raw>>();
        for (Raw r : window(window)) {
            groups.computeIfAbsent(r.model() + "\u0000" + r.feature(), k -> new ArrayList<>()).add(r);
        }
        var rows = new ArrayList<Row>();
        groups.forEach((key, list) -> {
            var ttfts = list.stream().map(Raw::ttft).filter(java.util.Objects::nonNull).sorted().toList();
            rows.add(new Row(list.getFirst().model(), list.getFirst().feature(), list.size(),
                    (int) list.stream().filter(r -> "error".equals(r.outcome())).count(),
                    list.stream().mapToLong(Raw::tokensIn).sum(), list.stream().mapToLong(Raw::tokensOut).sum(),
                    percentile(ttfts, 50), percentile(ttfts, 95)));
        });
        rows.sort((a, b) -> Integer.compare(b.requests(), a.requests()));
        return rows;
    }

    /** Nearest-rank percentile of sorted values, or {@code null} when there are none. */
    static Integer percentile(List<Integer> sorted, int p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    public List<AuditEntry> audit(Long userId, String feature, int limit) {
        var sql = new StringBuilder("""
                SELECT created_at, user_id, feature, operation, model, prompt_chars, tokens_in, tokens_out, duration_ms, outcome, error_type
                FROM ai_usage WHERE 1 = 1""");
        if (userId != null) {
            sql.append(" AND user_id = :user");
        }
        if (feature != null && !feature.isBlank()) {
            sql.append(" AND feature = :feature");
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql.toString()).bind("limit", limit);
            if (userId != null) {
                q.bind("user", userId);
            }
            if (feature != null && !feature.isBlank()) {
                q.bind("feature", feature);
            }
            return q.map((rs, ctx) -> new AuditEntry(rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getInt(6), rs.getObject(7, Integer.class), rs.getObject(8, Integer.class), rs.getInt(9),
                    rs.getString(10), rs.getString(11))).list();
        });
    }

    /** Totals of the window as label → value, for the summary tiles. */
    public Map<String, Long> totals(Duration window) {
        var raws = window(window);
        var totals = new LinkedHashMap<String, Long>();
        totals.put("requests", (long) raws.size());
        totals.put("errors", raws.stream().filter(r -> "error".equals(r.outcome())).count());
        totals.put("tokens", raws.stream().mapToLong(r -> r.tokensIn() + r.tokensOut()).sum());
        return Collections.unmodifiableMap(totals);
    }
}
