package dev.talon.core.servers;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/** The {@code server_subusers} table: who else may use a server, with which permission strings. Thread-safe. */
public final class Subusers {

    /** One subuser as listed, with the user's e-mail and name. */
    public record Subuser(long serverId, long userId, String email, String name, Set<String> permissions, long createdAt) {
        public Subuser {
            permissions = Set.copyOf(permissions);
        }
    }

    private final Jdbi jdbi;
    private final Clock clock;

    public Subusers(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public List<Subuser> list(long serverId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT su.server_id, su.user_id, u.email, u.name, su.permissions, su.created_at
                        FROM server_subusers su JOIN users u ON u.id = su.user_id WHERE su.server_id = :s ORDER BY u.email""")
                .bind("s", serverId)
                .map((rs, ctx) -> new Subuser(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        parse(rs.getString(5)), rs.getLong(6))).list());
    }

    public Optional<Set<String>> permissions(long serverId, long userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT permissions FROM server_subusers WHERE server_id = :s AND user_id = :u")
                .bind("s", serverId).bind("u", userId).mapTo(String.class).findOne().map(Subusers::parse));
    }

    /** Adds the subuser or replaces their permissions. */
    public void put(long serverId, long userId, Set<String> permissions) {
        String text = String.join(" ", new TreeSet<>(permissions));
        long now = clock.millis();
        jdbi.useTransaction(h -> {
            int updated = h.createUpdate("UPDATE server_subusers SET permissions = :p, updated_at = :now WHERE server_id = :s AND user_id = :u")
                    .bind("p", text).bind("now", now).bind("s", serverId).bind("u", userId).execute();
            if (updated == 0) {
                h.createUpdate("""
                                INSERT INTO server_subusers (server_id, user_id, permissions, created_at, updated_at)
                                VALUES (:s, :u, :p, :now, :now)""")
                        .bind("p", text).bind("now", now).bind("s", serverId).bind("u", userId).execute();
            }
        });
    }

    public boolean remove(long serverId, long userId) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM server_subusers WHERE server_id = :s AND user_id = :u")
                .bind("s", serverId).bind("u", userId).execute()) > 0;
    }

    private static Set<String> parse(String text) {
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(text.trim().split("\\s+")).collect(Collectors.toUnmodifiableSet());
    }
}
