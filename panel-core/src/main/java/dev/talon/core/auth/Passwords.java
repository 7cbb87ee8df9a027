package dev.talon.core.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/** bcrypt hashing and the password rules. Stateless and thread-safe. */
public final class Passwords {

    /** Cost 12 takes about a quarter second per hash on these machines: slow enough for guessing. */
    private final int cost;

    /**
     * Salt and hash of a bcrypt hash of a random password that was thrown away. Checking a
     * password against it at the panel's cost takes as long as a real check and never matches.
     * It used to be hashed afresh in the constructor: a full cost-12 hash (about 0.3 s of CPU)
     * on every start, before the first request.
     */
    private static final String DUMMY_SALT_AND_HASH = "AdUkTFx.cPLeUDja0/aVYu8B7HdJw2U7RuWiewq6ou3Fw/BYB58L6";

    private final String dummyHash;

    public Passwords(int cost) {
        this.cost = cost;
        this.dummyHash = String.format(java.util.Locale.ROOT, "$2a$%02d$%s", cost, DUMMY_SALT_AND_HASH);
    }

    public void validate(String password) {
        if (password == null || password.length() < 8) {
            throw new Users.UserException("password", "The password must have at least 8 characters.");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > 72) {
            throw new Users.UserException("password", "The password may have at most 72 bytes.");
        }
    }

    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    public boolean matches(String password, String hash) {
        if (password == null || hash == null) {
            return false;
        }
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 72) {
            return false;
        }
        return BCrypt.verifyer().verify(bytes, hash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    /** The hash {@link #burnTimeForMissingUser} checks against (tests). */
    String dummyHash() {
        return dummyHash;
    }

    /** Spends the same time as a real check, so unknown e-mails can't be told apart by timing. */
    void burnTimeForMissingUser(String password) {
        matches(password == null ? "" : password, dummyHash);
    }
}
