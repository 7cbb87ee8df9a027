package dev.talon.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PasswordsTest {

    @Test
    void the_check_for_an_unknown_email_runs_bcrypt_at_the_panels_cost_and_never_matches() {
        for (int cost : new int[] {4, 5, 10, 12}) {
            Passwords passwords = new Passwords(cost);
            String real = passwords.hash("correct horse battery");
            var result = BCrypt.verifyer().verify("correct horse battery".getBytes(StandardCharsets.UTF_8),
                    passwords.dummyHash().getBytes(StandardCharsets.UTF_8));
            // A well-formed hash is checked in full (bcrypt at its cost), a malformed one would be refused at once.
            assertTrue(result.validFormat, result.formatErrorMessage);
            assertEquals(cost, result.details.cost);
            assertEquals(real.substring(0, 7), passwords.dummyHash().substring(0, 7), "same version and cost as a real hash");
            assertFalse(result.verified);
            assertFalse(passwords.matches("talon-dummy-password", passwords.dummyHash()));
        }
    }

    @Test
    void a_hash_matches_its_password_only() {
        Passwords passwords = new Passwords(4);
        String hash = passwords.hash("a long enough password");
        assertTrue(passwords.matches("a long enough password", hash));
        assertFalse(passwords.matches("another password", hash));
    }
}
