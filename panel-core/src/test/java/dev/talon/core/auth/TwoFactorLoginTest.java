package dev.talon.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.core.testing.TestPanel;
import dev.talon.core.testing.WebClient;
import dev.talon.core.web.Authenticator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two-factor sign-in, set up on the account page the way a user does it. */
class TwoFactorLoginTest {

    private static final String PASSWORD = "client-password-1";
    private static final Pattern SECRET = Pattern.compile("<code class=\"secret\">([A-Z2-7]+)</code>");
    private static final Totp totp = new Totp(new Tokens(), Clock.systemUTC());

    @TempDir
    static Path dir;
    static TestPanel panel;

    @BeforeAll
    static void start() {
        panel = TestPanel.start(dir);
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    /** A user who turned two-factor on through the account page; returns the secret the page showed. */
    private static String enableTwoFactor(User user) {
        WebClient browser = panel.client();
        browser.login(user.email(), PASSWORD);
        browser.get("/account");
        var setup = browser.post("/account/two-factor/setup", Map.of());
        assertEquals(200, setup.status(), setup.body());
        Matcher m = SECRET.matcher(setup.body());
        assertTrue(m.find(), "the setup shows the secret");
        assertTrue(setup.body().contains("<svg"), "and its QR code");
        String secret = m.group(1);

        var wrong = browser.post("/account/two-factor/enable", Map.of("code", otherCode(secret)));
        assertEquals(302, wrong.status());
        assertFalse(panel.panel().users().find(user.id()).orElseThrow().totpEnabled(), "a wrong code doesn't turn it on");

        var enable = browser.post("/account/two-factor/enable", Map.of("code", totp.currentCode(secret)));
        assertEquals(302, enable.status());
        assertTrue(panel.panel().users().find(user.id()).orElseThrow().totpEnabled());
        assertTrue(browser.get("/account").body().contains("Two-factor sign-in is <strong>on</strong>"));
        return secret;
    }

    /** A 6-digit code that is valid in none of the accepted time steps. */
    private static String otherCode(String secret) {
        String current = totp.currentCode(secret);
        for (int i = 0; ; i++) {
            String candidate = String.format("%06d", (Integer.parseInt(current) + 1 + i * 7919) % 1_000_000);
            if (!totp.verify(secret, candidate)) {
                return candidate;
            }
        }
    }

    @Test
    void with_two_factor_on_the_password_alone_does_not_sign_in_and_the_right_code_does_with_a_new_session_id() {
        User user = panel.panel().users().create("twofactor@example.com", "Two Factor", PASSWORD, false);
        String secret = enableTwoFactor(user);

        WebClient browser = panel.client();
        browser.get("/auth/login");
        String anonymous = browser.cookie(Authenticator.COOKIE);
        var password = browser.post("/auth/login", Map.of("email", user.email(), "password", PASSWORD, "next", "/account"));
        assertEquals(302, password.status(), password.body());
        assertTrue(password.location().startsWith("/auth/two-factor"), password.location());
        String pending = browser.cookie(Authenticator.COOKIE);
        assertNotEquals(anonymous, pending, "the password step issues a new session id");
        assertEquals(302, browser.get("/account").status(), "the password alone is not a sign-in");

        var form = browser.get(password.location());
        assertEquals(200, form.status());
        assertTrue(form.body().contains("name=\"code\""), form.body());

        var wrong = browser.post("/auth/two-factor", Map.of("code", otherCode(secret), "next", "/account"));
        assertEquals(401, wrong.status());
        assertTrue(wrong.body().contains("not valid"), wrong.body());
        assertEquals(302, browser.get("/account").status(), "a wrong code does not sign in");
        var garbage = browser.post("/auth/two-factor", Map.of("code", "abc", "next", "/account"));
        assertEquals(401, garbage.status());

        var right = browser.post("/auth/two-factor", Map.of("code", totp.currentCode(secret), "next", "/account"));
        assertEquals(302, right.status(), right.body());
        assertEquals("/account", right.location());
        String signedIn = browser.cookie(Authenticator.COOKIE);
        assertNotEquals(pending, signedIn, "the code step issues a new session id");
        assertEquals(200, browser.get("/account").status());

        for (String old : new String[] {anonymous, pending}) {
            var page = panel.client().get("/account", Map.of("Cookie", Authenticator.COOKIE + "=" + old));
            assertEquals(302, page.status(), "earlier session ids don't authenticate");
        }
    }

    @Test
    void two_factor_step_without_a_password_step_goes_back_to_login() {
        WebClient browser = panel.client();
        browser.get("/auth/login");
        var form = browser.get("/auth/two-factor");
        assertEquals(302, form.status());
        assertEquals("/auth/login", form.location());
        var post = browser.post("/auth/two-factor", Map.of("code", "123456"));
        assertEquals(302, post.status());
        assertEquals(302, browser.get("/account").status());
    }

    @Test
    void wrong_codes_are_throttled() {
        User user = panel.panel().users().create("guesser@example.com", "Guesser", PASSWORD, false);
        String secret = enableTwoFactor(user);
        WebClient browser = panel.client();
        browser.get("/auth/login");
        browser.post("/auth/login", Map.of("email", user.email(), "password", PASSWORD, "next", "/"));
        browser.get("/auth/two-factor");
        for (int i = 0; i < 5; i++) {
            assertEquals(401, browser.post("/auth/two-factor", Map.of("code", otherCode(secret))).status());
        }
        var throttled = browser.post("/auth/two-factor", Map.of("code", totp.currentCode(secret)));
        assertEquals(429, throttled.status());
        assertTrue(throttled.header("Retry-After") != null);
        assertEquals(302, browser.get("/account").status());
    }

    @Test
    void turning_two_factor_off_needs_a_current_code() {
        User user = panel.panel().users().create("turnoff@example.com", "Turn Off", PASSWORD, false);
        String secret = enableTwoFactor(user);
        WebClient browser = panel.client();
        browser.get("/auth/login");
        browser.post("/auth/login", Map.of("email", user.email(), "password", PASSWORD, "next", "/account"));
        browser.get("/auth/two-factor");
        assertEquals(302, browser.post("/auth/two-factor", Map.of("code", totp.currentCode(secret), "next", "/account")).status());
        browser.get("/account");

        browser.post("/account/two-factor/disable", Map.of("code", otherCode(secret)));
        assertTrue(panel.panel().users().find(user.id()).orElseThrow().totpEnabled(), "a wrong code leaves it on");
        browser.post("/account/two-factor/disable", Map.of("code", totp.currentCode(secret)));
        assertFalse(panel.panel().users().find(user.id()).orElseThrow().totpEnabled());

        WebClient again = panel.client();
        again.login(user.email(), PASSWORD);
        assertEquals(200, again.get("/account").status(), "password alone signs in again");
    }
}
