package dev.talon.core.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/** bcrypt hashing and the password rules. Stateless and thread-safe. */
public final class Passwords {

    /** Cost 12 takes about a quarter second per hash on these machines: slow enough for guessing. */
    private final int cost;

    private final String dummyHash;

    public Passwords(int cost) {
        this.cost = cost;
        this.dummyHash = hash("talon-dummy-password");
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

    /** Spends the same time as a real check, so unknown e-mails can't be told apart by timing. */
    void burnTimeForMissingUser(String password) {
        matches(password == null ? "" : password, dummyHash);
    }
}
