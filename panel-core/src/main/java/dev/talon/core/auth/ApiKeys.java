package dev.talon.core.auth;

import dev.talon.api.ActivityLog;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Personal API keys: {@code tln_<prefix>_<secret>}, with 32 random bytes of secret. Only a SHA-256
 * of the whole key is stored; the prefix is visible so users can tell keys apart. Thread-safe.
 *
 * <p>The first use of a key from an address is an activity entry {@value #NEW_ADDRESS} (the
 * addresses seen are kept in {@code api_key_addresses}), so a security monitor can notice a key
 * used from somewhere new without the log growing with every request.
 */
public final class ApiKeys {

    public record ApiKey(long id, long userId, String name, String prefix, String allowedIps, long createdAt,
                         Long lastUsedAt, String lastUsedIp, Long revokedAt) {
        public boolean active() {
            return revokedAt == null;
        }
    }

    /** A created key: the plain key is shown once and never again. */
    public record Created(ApiKey key, String plainKey) {}

    /** The activity entry for a key's first use from an address; metadata: key prefix, key name, first use of the key. */
    public static final String NEW_ADDRESS = "auth.api-key.new-ip";

    private final Jdbi jdbi;
    private final Tokens tokens;
    private final Clock clock;
    private final ActivityLog activity;
    /**
     * Key/address pairs known to be in {@code api_key_addresses}, so that the usual request, from
     * an address already seen, costs no extra query. Rows are never removed while the key exists,
     * so a cached pair can't go stale; the set is cleared when it grows past {@link #SEEN_MAX}.
     */
    private final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final int SEEN_MAX = 10_000;

    public ApiKeys(Jdbi jdbi, Tokens tokens, Clock clock, ActivityLog activity) {
        this.jdbi = jdbi;
        this.tokens = tokens;
        this.clock = clock;
        this.activity = activity;
    }

    public Created create(long userId, String name, String allowedIps) {
        String label = name == null || name.isBlank() ? "API key" : name.trim();
        if (label.length() > 100) {
            throw new Users.UserException("name", "The key name may have at most 100 characters.");
        }
        String ips = normaliseIps(allowedIps);
        String prefix = tokens.random(6).replace('-', 'x').replace('_', 'y');
        String plain = "tln_" + prefix + "_" + tokens.random(32);
        long now = clock.millis();
        long id = jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO api_keys (user_id, name, prefix, key_hash, allowed_ips, created_at)
                        VALUES (:user, :name, :prefix, :hash, :ips, :now)""")
                .bind("user", userId).bind("name", label).bind("prefix", prefix).bind("hash", Tokens.sha256(plain))
                .bind("ips", ips).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new Created(new ApiKey(id, userId, label, prefix, ips, now, null, null, null), plain);
    }

    /** Checks an allow-list: comma- or space-separated IPv4/IPv6 addresses. */
    static String normaliseIps(String allowedIps) {
        if (allowedIps == null || allowedIps.isBlank()) {
            return null;
        }
        List<String> ips = Arrays.stream(allowedIps.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
        for (String ip : ips) {
            if (!ip.matches("[0-9a-fA-F:.]{2,45}")) {
                throw new Users.UserException("allowed_ips", "Not an IP address: " + ip);
            }
        }
        return String.join(",", ips);
    }

    /** The outcome of checking a bearer token. */
    public sealed interface Check {
        record Valid(ApiKey key) implements Check {}

        record Invalid(String reason) implements Check {}
    }

    /** Verifies a presented key; on success records the last use. */
    public Check verify(String presented, String ip) {
        if (presented == null || !presented.startsWith("tln_") || presented.length() > 120) {
            return new Check.Invalid("The API key is malformed.");
        }
        String[] parts = presented.split("_", 3);
        if (parts.length != 3) {
            return new Check.Invalid("The API key is malformed.");
        }
        Optional<ApiKey> found = findByPrefix(parts[1]);
        if (found.isEmpty() || !Tokens.same(Tokens.sha256(presented), hashOf(found.get().id()))) {
            return new Check.Invalid("The API key is not valid.");
        }
        ApiKey key = found.get();
        if (!key.active()) {
            return new Check.Invalid("The API key has been revoked.");
        }
        if (key.allowedIps() != null && !Arrays.asList(key.allowedIps().split(",")).contains(ip)) {
            return new Check.Invalid("The API key may not be used from this address.");
        }
        jdbi.useHandle(h -> h.createUpdate("UPDATE api_keys SET last_used_at = :now, last_used_ip = :ip WHERE id = :id")
                .bind("now", clock.millis()).bind("ip", ip).bind("id", key.id()).execute());
        noteAddress(key, ip);
        return new Check.Valid(key);
    }

    /**
     * Records the key's first use from {@code ip}. Two requests racing from a new address both try
     * the insert; the primary key lets one win, and only the winner writes the activity entry.
     */
    private void noteAddress(ApiKey key, String ip) {
        if (ip == null || ip.isBlank()) {
            return;
        }
        String address = ip.length() > 64 ? ip.substring(0, 64) : ip;
        String pair = key.id() + " " + address;
        if (seen.contains(pair)) {
            return;
        }
        boolean[] first = {false};
        boolean inserted = jdbi.withHandle(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM api_key_addresses WHERE api_key_id = :id AND ip = :ip")
                    .bind("id", key.id()).bind("ip", address).mapTo(Integer.class).one() > 0) {
                return false;
            }
            first[0] = h.createQuery("SELECT COUNT(*) FROM api_key_addresses WHERE api_key_id = :id")
                    .bind("id", key.id()).mapTo(Integer.class).one() == 0;
            try {
                h.createUpdate("INSERT INTO api_key_addresses (api_key_id, ip, first_seen_at) VALUES (:id, :ip, :now)")
                        .bind("id", key.id()).bind("ip", address).bind("now", clock.millis()).execute();
                return true;
            } catch (UnableToExecuteStatementException e) {
                return false; // a concurrent request recorded the address first
            }
        });
        if (seen.size() >= SEEN_MAX) {
            seen.clear();
        }
        seen.add(pair);
        if (inserted) {
            activity.record(new ActivityLog.Activity(key.userId(), NEW_ADDRESS, "api-key:" + key.prefix(), address,
                    Map.of("key", key.prefix(), "name", key.name(), "first_use", first[0])));
        }
    }

    private String hashOf(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT key_hash FROM api_keys WHERE id = :id")
                .bind("id", id).mapTo(String.class).one());
    }

    private Optional<ApiKey> findByPrefix(String prefix) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE prefix = :prefix")
                .bind("prefix", prefix).map(ApiKeys::map).findOne());
    }

    public List<ApiKey> listForUser(long userId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE user_id = :user ORDER BY id DESC")
                .bind("user", userId).map(ApiKeys::map).list());
    }

    /** Revokes one of the user's keys; returns false when the user has no such key. */
    public boolean revoke(long userId, long keyId) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE api_keys SET revoked_at = :now WHERE id = :id AND user_id = :user AND revoked_at IS NULL")
                .bind("now", clock.millis()).bind("id", keyId).bind("user", userId).execute()) == 1;
    }

    private static final String SELECT = "SELECT id, user_id, name, prefix, allowed_ips, created_at, last_used_at, last_used_ip, revoked_at FROM api_keys";

    private static ApiKey map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws java.sql.SQLException {
        return new ApiKey(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6),
                rs.getObject(7, Long.class), rs.getString(8), rs.getObject(9, Long.class));
    }
}
