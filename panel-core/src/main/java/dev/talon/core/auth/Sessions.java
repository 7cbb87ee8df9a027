package dev.talon.core.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Sessions stored in the database, so they survive a restart and work across instances.
 * The cookie holds a 256-bit random id; the table holds only its hash.
 */
public final class Sessions {

    public static final Duration LIFETIME = Duration.ofDays(7);
    private static final long TOUCH_EVERY_MS = 60_000;

    private final Jdbi jdbi;
    private final Tokens tokens;
    private final Clock clock;

    public Sessions(Jdbi jdbi, Tokens tokens, Clock clock) {
        this.jdbi = jdbi;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** A created session: the cookie value to send and the stored row. */
    public record Issued(String cookieValue, Session session) {}

    public Issued create(Long userId, Long pendingUserId, String ip, String userAgent) {
        String cookie = tokens.random(32);
        String csrf = tokens.random(32);
        long now = clock.millis();
        String hash = Tokens.sha256(cookie);
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO sessions (id_hash, user_id, pending_user_id, csrf_token, ip, user_agent, created_at, last_seen_at, expires_at)
                        VALUES (:hash, :user, :pending, :csrf, :ip, :ua, :now, :now, :expires)""")
                .bind("hash", hash).bind("user", userId).bind("pending", pendingUserId).bind("csrf", csrf)
                .bind("ip", truncate(ip, 64)).bind("ua", truncate(userAgent, 255)).bind("now", now)
                .bind("expires", now + LIFETIME.toMillis()).execute());
        return new Issued(cookie, new Session(hash, userId, pendingUserId, csrf, now));
    }

    public Optional<Session> find(String cookieValue) {
        if (cookieValue == null || cookieValue.length() < 20 || cookieValue.length() > 100) {
            return Optional.empty();
        }
        String hash = Tokens.sha256(cookieValue);
        long now = clock.millis();
        Optional<Session> session = jdbi.withHandle(h -> h.createQuery("""
                        SELECT id_hash, user_id, pending_user_id, csrf_token, last_seen_at FROM sessions
                        WHERE id_hash = :hash AND expires_at > :now""")
                .bind("hash", hash).bind("now", now)
                .map((rs, ctx) -> new Session(rs.getString(1), (Long) rs.getObject(2, Long.class),
                        (Long) rs.getObject(3, Long.class), rs.getString(4), rs.getLong(5)))
                .findOne());
        session.filter(s -> now - s.lastSeenAt() > TOUCH_EVERY_MS).ifPresent(s -> touch(s.idHash(), now));
        return session;
    }

    private void touch(String hash, long now) {
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE sessions SET last_seen_at = :now, expires_at = :expires WHERE id_hash = :hash")
                .bind("now", now).bind("expires", now + LIFETIME.toMillis()).bind("hash", hash).execute());
    }

    public void delete(String idHash) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE id_hash = :hash").bind("hash", idHash).execute());
    }

    /** Signs a user out everywhere (password reset, suspension, deletion). */
    public void deleteForUser(long userId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE user_id = :u OR pending_user_id = :u")
                .bind("u", userId).execute());
    }

    /** Deletes expired sessions; returns how many. */
    public int purgeExpired() {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM sessions WHERE expires_at <= :now")
                .bind("now", clock.millis()).execute());
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
