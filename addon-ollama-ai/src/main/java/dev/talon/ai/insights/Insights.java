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
            + "explanation, recommendation, evidence, model, resolved_at, ai_status, fingerprint, acknowledged_at, dismissed_at";

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

    /**
     * Stores a finding of the analysis jobs: found by rules, with its evidence, waiting for the
     * model's explanation ({@code ai_status = pending}, shown as "no AI summary yet").
     */
    public long addFinding(org.jdbi.v3.core.Handle h, Finding f) {
        if (!Insight.KINDS.contains(f.kind()) || !Insight.SEVERITIES.contains(f.severity())) {
            throw new IllegalArgumentException("Unknown kind or severity: " + f.kind() + "/" + f.severity());
        }
        return h.createUpdate("""
                        INSERT INTO ai_insights (created_at, server_uuid, server_name, owner_id, kind, category, severity, title,
                                                 explanation, recommendation, evidence, model, ai_status, fingerprint)
                        VALUES (:at, :server, :serverName, :owner, :kind, :category, :severity, :title, :explanation, NULL,
                                :evidence, NULL, 'pending', :fingerprint)""")
                .bind("at", clock.millis()).bind("server", f.serverUuid()).bind("serverName", f.serverName()).bind("owner", f.ownerId())
                .bind("kind", f.kind()).bind("category", f.category()).bind("severity", f.severity())
                .bind("title", cut(f.title(), 200)).bind("explanation", f.facts()).bind("evidence", f.evidence())
                .bind("fingerprint", cut(f.fingerprint(), 64))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    /** Whether the server has an open (not resolved or dismissed) finding with this fingerprint since {@code since}. */
    public boolean hasOpen(org.jdbi.v3.core.Handle h, String serverUuid, String fingerprint, long since) {
        String server = serverUuid == null ? "server_uuid IS NULL" : "server_uuid = :server";
        var q = h.createQuery("SELECT COUNT(*) FROM ai_insights WHERE " + server
                + " AND fingerprint = :fp AND created_at >= :since AND resolved_at IS NULL AND dismissed_at IS NULL");
        if (serverUuid != null) {
            q.bind("server", serverUuid);
        }
        return q.bind("fp", cut(fingerprint, 64)).bind("since", since).mapTo(Long.class).one() > 0;
    }

    /** Findings still waiting for an AI summary, oldest first. */
    public List<Insight> pending(String category, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM ai_insights WHERE ai_status = 'pending' AND category = :c"
                        + " AND dismissed_at IS NULL ORDER BY id LIMIT :limit")
                .bind("c", category).bind("limit", limit).map(Insights::map).list());
    }

    /** Adds the model's explanation to a pending finding (its title, severity and evidence stay the rules'). */
    public void complete(long id, String explanation, String recommendation, String model) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE ai_insights SET explanation = :e, recommendation = :r, model = :m, ai_status = 'done'
                        WHERE id = :id AND ai_status = 'pending'""")
                .bind("e", explanation).bind("r", recommendation).bind("m", model).bind("id", id).execute());
    }

    /** Marks a finding acknowledged or dismissed (dismissed ones leave the lists). */
    public boolean mark(long id, boolean dismiss) {
        String column = dismiss ? "dismissed_at" : "acknowledged_at";
        return jdbi.withHandle(h -> h.createUpdate("UPDATE ai_insights SET " + column + " = :at WHERE id = :id")
                .bind("at", clock.millis()).bind("id", id).execute()) > 0;
    }

    public java.util.Optional<Insight> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM ai_insights WHERE id = :id").bind("id", id)
                .map(Insights::map).findOne());
    }

    /** Undismissed insights of one server, newest first. */
    public List<Insight> ofServer(String serverUuid, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM ai_insights WHERE server_uuid = :s AND dismissed_at IS NULL"
                        + " ORDER BY id DESC LIMIT :limit")
                .bind("s", serverUuid).bind("limit", limit).map(Insights::map).list());
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    public List<Insight> search(Filter filter, int limit, int offset) {
        var sql = new StringBuilder("SELECT " + COLUMNS + " FROM ai_insights WHERE dismissed_at IS NULL");
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

    /** The newest findings about any of these servers (what a client may see), newest first. */
    public List<Insight> ofServers(java.util.Collection<String> serverUuids, int limit) {
        if (serverUuids.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM ai_insights WHERE server_uuid IN (<servers>) AND dismissed_at IS NULL ORDER BY id DESC LIMIT :limit")
                .bindList("servers", List.copyOf(serverUuids)).bind("limit", limit)
                .map(Insights::map).list());
    }

    public int pruneOlderThan(long epochMillis) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM ai_insights WHERE created_at < :cut").bind("cut", epochMillis).execute());
    }

    private static Insight map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Insight(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getObject(5, Long.class), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                rs.getObject(14, Long.class), rs.getString(15), rs.getString(16), rs.getObject(17, Long.class), rs.getObject(18, Long.class));
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
