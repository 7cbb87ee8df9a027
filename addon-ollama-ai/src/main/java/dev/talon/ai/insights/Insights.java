package dev.talon.ai.insights;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The {@code ai_insights} table. Thread-safe. */
public final class Insights {

    /** Filters of AI Analytics; {@code null}/blank means any. {@code ownerId} limits to one user's servers. */
    public record Filter(String kind, String category, String severity, String search, Long ownerId) {
        public static Filter none() {
            return new Filter(null, null, null, null, null);
        }
    }

    private static final String COLUMNS = "id, created_at, server_uuid, server_name, owner_id, kind, category, severity, title, "
            + "explanation, recommendation, evidence, model, resolved_at";

    private final Jdbi jdbi;
    private final Clock clock;

    public Insights(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Stores a new finding; returns its id. */
    public long add(String serverUuid, String serverName, Long ownerId, String kind, String category, String severity, String title,
                    String explanation, String recommendation, String evidence, String model) {
        if (!Insight.KINDS.contains(kind) || !Insight.SEVERITIES.contains(severity)) {
            throw new IllegalArgumentException("Unknown kind or severity: " + kind + "/" + severity);
        }
        return jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO ai_insights (created_at, server_uuid, server_name, owner_id, kind, category, severity, title,
                                                 explanation, recommendation, evidence, model)
                        VALUES (:at, :server, :serverName, :owner, :kind, :category, :severity, :title, :explanation, :recommendation,
                                :evidence, :model)""")
                .bind("at", clock.millis()).bind("server", serverUuid).bind("serverName", serverName).bind("owner", ownerId)
                .bind("kind", kind).bind("category", category).bind("severity", severity)
                .bind("title", title.length() > 200 ? title.substring(0, 200) : title).bind("explanation", explanation)
                .bind("recommendation", recommendation).bind("evidence", evidence).bind("model", model)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    public List<Insight> search(Filter filter, int limit, int offset) {
        var sql = new StringBuilder("SELECT " + COLUMNS + " FROM ai_insights WHERE 1 = 1");
        if (present(filter.kind())) {
            sql.append(" AND kind = :kind");
        }
        if (present(filter.category())) {
            sql.append(" AND category = :category");
        }
        if (present(filter.severity())) {
            sql.append(" AND severity = :severity");
        }
        if (present(filter.search())) {
            sql.append(" AND (LOWER(title) LIKE :q OR LOWER(server_name) LIKE :q)");
        }
        if (filter.ownerId() != null) {
            sql.append(" AND owner_id = :owner");
        }
        sql.append(" ORDER BY id DESC LIMIT :limit OFFSET :offset");
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql.toString()).bind("limit", limit).bind("offset", offset);
            if (present(filter.kind())) {
                q.bind("kind", filter.kind());
            }
            if (present(filter.category())) {
                q.bind("category", filter.category());
            }
            if (present(filter.severity())) {
                q.bind("severity", filter.severity());
            }
            if (present(filter.search())) {
                q.bind("q", "%" + filter.search().trim().toLowerCase() + "%");
            }
            if (filter.ownerId() != null) {
                q.bind("owner", filter.ownerId());
            }
            return q.map(Insights::map).list();
        });
    }

    public int pruneOlderThan(long epochMillis) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM ai_insights WHERE created_at < :cut").bind("cut", epochMillis).execute());
    }

    private static Insight map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Insight(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getObject(5, Long.class), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                rs.getObject(14, Long.class));
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
