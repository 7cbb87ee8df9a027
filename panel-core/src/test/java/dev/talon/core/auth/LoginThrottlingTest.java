package dev.talon.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.core.testing.TestPanel;
import dev.talon.core.testing.WebClient;
import dev.talon.core.web.Authenticator;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Five failed sign-ins per account and address within a minute, then 429 with Retry-After. */
class LoginThrottlingTest {

    private static final String PASSWORD = "right-password-1";

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

    private static WebClient.Page attempt(WebClient browser, String email, String password) {
        return browser.post("/auth/login", Map.of("email", email, "password", password, "next", "/"));
    }

    @Test
    void sixth_attempt_after_five_failures_gets_429_with_retry_after_even_with_the_right_password() {
        User user = panel.panel().users().create("victim@example.com", "Victim", PASSWORD, false);
        WebClient browser = panel.client();
        browser.get("/auth/login");
        for (int i = 1; i <= 5; i++) {
            var failed = attempt(browser, user.email(), "wrong-password-" + i);
            assertEquals(401, failed.status(), "failure " + i + " is an ordinary refusal");
        }
        var throttled = attempt(browser, user.email(), PASSWORD);
        assertEquals(429, throttled.status(), throttled.body());
        String retryAfter = throttled.header("Retry-After");
        assertNotNull(retryAfter, "Retry-After header");
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds >= 1 && seconds <= 60, retryAfter);
        assertTrue(throttled.body().contains("Too many"), throttled.body());
        assertEquals(302, browser.get("/account").status(), "the right password did not sign in while throttled");

        var stillThrottled = panel.client();
        stillThrottled.get("/auth/login");
        assertEquals(429, attempt(stillThrottled, user.email(), PASSWORD).status(), "a new browser from the same address too");
    }

    @Test
    void throttle_counts_the_account_however_its_email_is_written() {
        panel.panel().users().create("casing@example.com", "Casing", PASSWORD, false);
        WebClient browser = panel.client();
        browser.get("/auth/login");
        for (String email : new String[] {"casing@example.com", "CASING@example.com", " Casing@Example.com", "casing@EXAMPLE.COM ", "Casing@example.com"}) {
            assertEquals(401, attempt(browser, email, "wrong-password").status());
        }
        assertEquals(429, attempt(browser, "casing@example.com", PASSWORD).status());
    }

    @Test
    void another_account_from_the_same_address_is_not_throttled() {
        panel.panel().users().create("blocked@example.com", "Blocked", PASSWORD, false);
        User other = panel.panel().users().create("neighbour@example.com", "Neighbour", PASSWORD, false);
        WebClient browser = panel.client();
        browser.get("/auth/login");
        for (int i = 0; i < 5; i++) {
            attempt(browser, "blocked@example.com", "wrong-password");
        }
        assertEquals(429, attempt(browser, "blocked@example.com", PASSWORD).status());

        var ok = attempt(browser, other.email(), PASSWORD);
        assertEquals(302, ok.status(), ok.body());
        assertEquals(200, browser.get("/account").status());
    }

    @Test
    void unknown_accounts_are_throttled_too() {
        WebClient browser = panel.client();
        browser.get("/auth/login");
        for (int i = 0; i < 5; i++) {
            assertEquals(401, attempt(browser, "nobody@example.com", "guess-" + i).status());
        }
        assertEquals(429, attempt(browser, "nobody@example.com", "guess").status());
    }

    @Test
    void a_successful_sign_in_resets_the_count() {
        User user = panel.panel().users().create("forgetful@example.com", "Forgetful", PASSWORD, false);
        WebClient browser = panel.client();
        browser.get("/auth/login");
        for (int i = 0; i < 4; i++) {
            attempt(browser, user.email(), "wrong-password");
        }
        assertEquals(302, attempt(browser, user.email(), PASSWORD).status());
        browser.post("/auth/logout", Map.of());
        browser.get("/auth/login");
        assertTrue(browser.cookie(Authenticator.COOKIE) != null);
        for (int i = 0; i < 4; i++) {
            assertEquals(401, attempt(browser, user.email(), "wrong-password").status(), "count started again");
        }
    }
}
