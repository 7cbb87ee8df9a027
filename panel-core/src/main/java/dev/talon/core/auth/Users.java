package dev.talon.core.auth;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** Data access for users. Thread-safe; every call is its own transaction. */
public final class Users {

    private static final String COLUMNS = "id, email, name, root_admin, suspended, totp_enabled, created_at";

    private final Jdbi jdbi;
    private final Passwords passwords;
    private final Clock clock;

    public Users(Jdbi jdbi, Passwords passwords, Clock clock) {
        this.jdbi = jdbi;
        this.passwords = passwords;
        this.clock = clock;
        jdbi.registerRowMapper(ConstructorMapper.factory(User.class));
    }

    public static String normaliseEmail(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }

    /** Validates and creates a user; fails with {@link UserException} naming the bad field. */
    public User create(String email, String name, String password, boolean rootAdmin) {
        String normalised = normaliseEmail(email);
        validateEmail(normalised);
        passwords.validate(password);
        String displayName = name == null || name.isBlank() ? normalised.substring(0, normalised.indexOf('@')) : name.trim();
        if (displayName.length() > 100) {
            throw new UserException("name", "The name may have at most 100 characters.");
        }
        if (findByEmail(normalised).isPresent()) {
            throw new UserException("email", "A user with this e-mail already exists.");
        }
        long now = clock.millis();
        String hash = passwords.hash(password);
        long id = jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO users (email, name, password_hash, root_admin, suspended, totp_enabled, created_at, updated_at)
                        VALUES (:email, :name, :hash, :admin, FALSE, FALSE, :now, :now)""")
                .bind("email", normalised).bind("name", displayName).bind("hash", hash)
                .bind("admin", rootAdmin).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return find(id).orElseThrow();
    }

    static void validateEmail(String email) {
        if (email.length() > 191 || !email.matches("[^@\\s]+@[^@\\s]+")) {
            throw new UserException("email", "Enter a valid e-mail address.");
        }
    }

    public Optional<User> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
                .bind("id", id).mapTo(User.class).findOne());
    }

    public Optional<User> findByEmail(String email) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE email = :email")
                .bind("email", normaliseEmail(email)).mapTo(User.class).findOne());
    }

    public List<User> list(String search, int limit, int offset) {
        String like = "%" + (search == null ? "" : search.trim().toLowerCase(Locale.ROOT)) + "%";
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM users WHERE LOWER(email) LIKE :q OR LOWER(name) LIKE :q ORDER BY id LIMIT :limit OFFSET :offset")
                .bind("q", like).bind("limit", limit).bind("offset", offset).mapTo(User.class).list());
    }

    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one());
    }

    /** Checks a password; returns the user only if it matches (suspension is checked by the caller). */
    public Optional<User> verifyPassword(String email, String password) {
        var row = jdbi.withHandle(h -> h.createQuery("SELECT id, password_hash FROM users WHERE email = :email")
                .bind("email", normaliseEmail(email))
                .map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getString(2)}).findOne());
        if (row.isEmpty()) {
            passwords.burnTimeForMissingUser(password);
            return Optional.empty();
        }
        if (!passwords.matches(password, (String) row.get()[1])) {
            return Optional.empty();
        }
        return find((Long) row.get()[0]);
    }

    public void update(long id, String email, String name, boolean rootAdmin) {
        String normalised = normaliseEmail(email);
        validateEmail(normalised);
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new UserException("name", "The name must have 1 to 100 characters.");
        }
        findByEmail(normalised).filter(u -> u.id() != id).ifPresent(u -> {
            throw new UserException("email", "A user with this e-mail already exists.");
        });
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE users SET email = :email, name = :name, root_admin = :admin, updated_at = :now WHERE id = :id")
                .bind("email", normalised).bind("name", name.trim()).bind("admin", rootAdmin)
                .bind("now", clock.millis()).bind("id", id).execute());
    }

    public void setPassword(long id, String password) {
        passwords.validate(password);
        String hash = passwords.hash(password);
        jdbi.useHandle(h -> h.createUpdate("UPDATE users SET password_hash = :hash, updated_at = :now WHERE id = :id")
                .bind("hash", hash).bind("now", clock.millis()).bind("id", id).execute());
    }

    public void setSuspended(long id, boolean suspended) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE users SET suspended = :s, updated_at = :now WHERE id = :id")
                .bind("s", suspended).bind("now", clock.millis()).bind("id", id).execute());
    }

    public void delete(long id) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM users WHERE id = :id").bind("id", id).execute());
    }

    public Optional<String> totpSecret(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT totp_secret FROM users WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne());
    }

    /** Stores a secret (during setup, not yet enabled) or enables/disables two-factor sign-in. */
    public void setTotp(long id, String secret, boolean enabled) {
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE users SET totp_secret = :secret, totp_enabled = :enabled, updated_at = :now WHERE id = :id")
                .bind("secret", secret).bind("enabled", enabled).bind("now", clock.millis()).bind("id", id).execute());
    }

    /** A user input problem; {@link #field()} names the form field. */
    public static final class UserException extends RuntimeException {
        private final String field;

        public UserException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
