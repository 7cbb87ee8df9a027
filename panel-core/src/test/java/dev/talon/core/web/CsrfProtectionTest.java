package dev.talon.core.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.core.testing.TestPanel;
import dev.talon.core.testing.WebClient;
import java.nio.file.Path;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every state-changing request from a browser session must carry the session's CSRF token. */
class CsrfProtectionTest {

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

    @Test
    void form_post_without_a_token_is_refused_with_403_and_changes_nothing() {
        WebClient admin = panel.admin();
        var response = admin.postRaw("/admin/users", Map.of("email", "no-token@example.com", "password", "long-enough-1"));
        assertEquals(403, response.status(), response.body());
        assertTrue(response.body().contains("CSRF"), response.body());
        assertTrue(panel.panel().users().findByEmail("no-token@example.com").isEmpty(), "user must not be created");
    }

    @Test
    void form_post_with_a_wrong_token_is_refused_with_403() {
        WebClient admin = panel.admin();
        var response = admin.postRaw("/admin/users",
                Map.of("_csrf", "x".repeat(43), "email", "wrong-token@example.com", "password", "long-enough-1"));
        assertEquals(403, response.status(), response.body());
        assertTrue(panel.panel().users().findByEmail("wrong-token@example.com").isEmpty(), "user must not be created");
    }

    @Test
    void form_post_with_another_sessions_token_is_refused_with_403() {
        WebClient admin = panel.admin();
        WebClient other = panel.admin();
        assertNotEquals(admin.csrf(), other.csrf(), "each session has its own token");
        var response = admin.postRaw("/admin/users",
                Map.of("_csrf", other.csrf(), "email", "foreign-token@example.com", "password", "long-enough-1"));
        assertEquals(403, response.status(), response.body());
        assertTrue(panel.panel().users().findByEmail("foreign-token@example.com").isEmpty(), "user must not be created");
    }

    @Test
    void form_post_with_the_sessions_token_is_accepted() {
        WebClient admin = panel.admin();
        var response = admin.post("/admin/users", Map.of("email", "right-token@example.com", "password", "long-enough-1"));
        assertEquals(302, response.status(), response.body());
        assertTrue(panel.panel().users().findByEmail("right-token@example.com").isPresent());
    }

    @Test
    void fetch_without_or_with_a_wrong_x_csrf_token_header_is_refused_with_403() {
        WebClient admin = panel.admin();
        int keysBefore = keysOfAdmin();
        var missing = admin.send("POST", "/account/api-keys", "{\"name\":\"fetch\"}", Map.of("Accept", "application/json"));
        assertEquals(403, missing.status(), missing.body());
        assertTrue(missing.body().startsWith("{\"error\":"), "a fetch asking for JSON gets JSON: " + missing.body());
        var wrong = admin.send("POST", "/account/api-keys", "{\"name\":\"fetch\"}",
                Map.of("Accept", "application/json", "X-CSRF-Token", "not-the-token"));
        assertEquals(403, wrong.status(), wrong.body());
        assertEquals(keysBefore, keysOfAdmin(), "no key may be created");
    }

    @Test
    void fetch_with_the_x_csrf_token_header_is_accepted() {
        WebClient admin = panel.admin();
        int keysBefore = keysOfAdmin();
        var response = admin.send("POST", "/account/api-keys", "{}", Map.of("X-CSRF-Token", admin.csrf()));
        assertEquals(200, response.status(), response.body());
        assertEquals(keysBefore + 1, keysOfAdmin());
    }

    @Test
    void token_in_a_non_form_body_does_not_count() {
        WebClient admin = panel.admin();
        var request = new Request.Builder().url(panel.baseUrl() + "/admin/settings/theme")
                .post(RequestBody.create("_csrf=" + admin.csrf() + "&theme=dark", MediaType.get("text/plain"))).build();
        assertEquals(403, admin.send(request).status());
    }

    @Test
    void login_form_without_or_with_a_wrong_token_is_refused_and_signs_nobody_in() {
        WebClient browser = panel.client();
        // No session at all (a cross-site form posted at a visitor who never opened the panel).
        var noSession = browser.postRaw("/auth/login", Map.of("email", TestPanel.ADMIN_EMAIL, "password", TestPanel.ADMIN_PASSWORD));
        assertEquals(403, noSession.status(), noSession.body());

        assertEquals(200, browser.get("/auth/login").status());
        String anonymousCookie = browser.cookie(Authenticator.COOKIE);
        var missing = browser.postRaw("/auth/login", Map.of("email", TestPanel.ADMIN_EMAIL, "password", TestPanel.ADMIN_PASSWORD));
        assertEquals(403, missing.status(), missing.body());
        var wrong = browser.postRaw("/auth/login",
                Map.of("_csrf", "wrong", "email", TestPanel.ADMIN_EMAIL, "password", TestPanel.ADMIN_PASSWORD));
        assertEquals(403, wrong.status(), wrong.body());

        assertEquals(anonymousCookie, browser.cookie(Authenticator.COOKIE), "no new session was issued");
        assertEquals(302, browser.get("/admin").status(), "still signed out");
    }

    @Test
    void logout_without_a_token_is_refused_and_keeps_the_session() {
        WebClient admin = panel.admin();
        var request = new Request.Builder().url(panel.baseUrl() + "/auth/logout").post(new FormBody.Builder().build()).build();
        assertEquals(403, admin.send(request).status());
        assertEquals(200, admin.get("/admin").status(), "still signed in");
    }

    private static int keysOfAdmin() {
        long id = panel.panel().users().findByEmail(TestPanel.ADMIN_EMAIL).orElseThrow().id();
        return panel.panel().apiKeys().listForUser(id).size();
    }

    @Test
    void an_api_call_with_neither_cookie_nor_key_is_told_to_authenticate_with_401() {
        var anonymous = panel.client();
        var page = anonymous.send("POST", "/api/client/account", "{}", java.util.Map.of("Accept", "application/json"));
        org.junit.jupiter.api.Assertions.assertEquals(401, page.status(), page.body());
        org.junit.jupiter.api.Assertions.assertTrue(page.body().contains("API key"), page.body());
    }
}
