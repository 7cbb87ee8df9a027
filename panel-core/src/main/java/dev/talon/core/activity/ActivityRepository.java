package dev.talon.core.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.ActivityLog;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The activity log in the {@code activity_log} table. Thread-safe. */
public final class ActivityRepository implements ActivityLog {

    private static final Logger log = LoggerFactory.getLogger(ActivityRepository.class);

    /** One entry as read back, with the actor's e-mail when the actor still exists. */
    public record Entry(long id, Long actorId, String actorEmail, String action, String subject, String ip,
                        String metadata, long createdAt) {}

    /** Filters of the admin activity page; {@code null} or blank means "any". */
    public record Filter(String actorEmail, String action, String subject, Long actorId) {
        public static Filter none() {
            return new Filter(null, null, null, null);
        }
    }

    private final Jdbi jdbi;
    private final ObjectMapper json;
    private final Clock clock;

    public ActivityRepository(Jdbi jdbi, ObjectMapper json, Clock clock) {
        this.jdbi = jdbi;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void record(Activity activity) {
        String metadata;
        try {
            metadata = json.writeValueAsString(activity.metadata());
        } catch (JsonProcessingException e) {
            log.warn("Activity metadata of {} is not serialisable; stored without it", activity.action(), e);
            metadata = "{}";
        }
        String finalMetadata = metadata;
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO activity_log (actor_id, action, subject, ip, metadata, created_at)
                        VALUES (:actor, :action, :subject, :ip, :metadata, :now)""")
                .bind("actor", activity.actorId()).bind("action", cut(activity.action(), 100))
                .bind("subject", cut(activity.subject(), 191)).bind("ip", cut(activity.ip(), 64))
                .bind("metadata", finalMetadata).bind("now", clock.millis()).execute());
    }

    public List<Entry> search(Filter filter, int limit, int offset) {
        var sql = new StringBuilder("""
                SELECT a.id, a.actor_id, u.email, a.action, a.subject, a.ip, a.metadata, a.created_at
                FROM activity_log a LEFT JOIN users u ON u.id = a.actor_id WHERE 1 = 1""");
        if (present(filter.actorEmail())) {
            sql.append(" AND LOWER(u.email) LIKE :email");
        }
        if (present(filter.action())) {
            sql.append(" AND a.action LIKE :action");
        }
        if (present(filter.subject())) {
            sql.append(" AND a.subject LIKE :subject");
        }
        if (filter.actorId() != null) {
            sql.append(" AND a.actor_id = :actorId");
        }
        sql.append(" ORDER BY a.id DESC LIMIT :limit OFFSET :offset");
        return jdbi.withHandle(h -> {
            var query = h.createQuery(sql.toString()).bind("limit", limit).bind("offset", offset);
            if (present(filter.actorEmail())) {
                query.bind("email", "%" + filter.actorEmail().trim().toLowerCase() + "%");
            }
            if (present(filter.action())) {
                query.bind("action", filter.action().trim() + "%");
            }
            if (present(filter.subject())) {
                query.bind("subject", "%" + filter.subject().trim() + "%");
            }
            if (filter.actorId() != null) {
                query.bind("actorId", filter.actorId());
            }
            return query.map((rs, ctx) -> new Entry(rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3),
                    rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8))).list();
        });
    }

    /**
     * The entries about one subject (exact match, e.g. {@code server:<uuid>}), newest first, for a
     * paginated view; uses the {@code activity_subject} index.
     */
    public List<Entry> forSubject(String subject, int limit, int offset) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT a.id, a.actor_id, u.email, a.action, a.subject, a.ip, a.metadata, a.created_at
                        FROM activity_log a LEFT JOIN users u ON u.id = a.actor_id
                        WHERE a.subject = :subject ORDER BY a.id DESC LIMIT :limit OFFSET :offset""")
                .bind("subject", subject).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> new Entry(rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8))).list());
    }

    /** How many entries are about {@code subject}. */
    public long countForSubject(String subject) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM activity_log WHERE subject = :subject")
                .bind("subject", subject).mapTo(Long.class).one());
    }

    @Override
    public List<Recorded> since(long afterId, String actionPrefix, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, actor_id, action, subject, ip, metadata, created_at FROM activity_log
                        WHERE id > :after AND action LIKE :prefix ORDER BY id LIMIT :limit""")
                .bind("after", afterId).bind("prefix", (actionPrefix == null ? "" : actionPrefix) + "%").bind("limit", limit)
                .map((rs, ctx) -> new Recorded(rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getLong(7)))
                .list());
    }

    /** Deletes entries older than the cut-off; returns how many. */
    public int pruneOlderThan(long epochMillis) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM activity_log WHERE created_at < :cut")
                .bind("cut", epochMillis).execute());
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
