package dev.talon.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.core.testing.TestPanel;
import dev.talon.core.testing.WebClient;
import dev.talon.core.web.Authenticator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Session ids change whenever who the session belongs to changes; cookies are locked down; sign-in can't redirect off-site. */
class SessionSecurityTest {

    private static final String PASSWORD = "client-password-1";
    private static final AtomicInteger counter = new AtomicInteger();

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

    private static User newClient() {
        return panel.panel().users().create("client" + counter.incrementAndGet() + "@example.com", "Client", PASSWORD, false);
    }

    /** A fresh client that presents only the given session cookie. */
    private static WebClient.Page getWithCookie(String cookie, String path) {
        return panel.client().get(path, Map.of("Cookie", Authenticator.COOKIE + "=" + cookie));
    }

    @Test
    void session_id_changes_at_login_and_the_pre_login_id_stays_anonymous() {
        User user = newClient();
        WebClient browser = panel.client();
        browser.get("/auth/login");
        String before = browser.cookie(Authenticator.COOKIE);
        assertNotNull(before, "the login page issues an anonymous session for its CSRF token");

        var login = browser.post("/auth/login", Map.of("email", user.email(), "password", PASSWORD, "next", "/account"));
        assertEquals(302, login.status(), login.body());
        assertEquals("/account", login.location());
        String after = browser.cookie(Authenticator.COOKIE);
        assertNotEquals(before, after, "a new session id at login");

        assertEquals(200, getWithCookie(after, "/account").status(), "the new id is signed in");
        var old = getWithCookie(before, "/account");
        assertEquals(302, old.status(), "the id seen before sign-in must not be signed in (session fixation)");
        assertTrue(old.location().startsWith("/auth/login"), old.location());
    }

    @Test
    void session_id_changes_at_logout_and_the_signed_in_id_stops_working() {
        User user = newClient();
        WebClient browser = panel.client();
        browser.login(user.email(), PASSWORD);
        String signedIn = browser.cookie(Authenticator.COOKIE);
        assertEquals(200, browser.get("/account").status());

        var logout = browser.post("/auth/logout", Map.of());
        assertEquals(302, logout.status());
        assertEquals("/auth/login", logout.location());
        String afterLogout = browser.cookie(Authenticator.COOKIE);
        assertNotEquals(signedIn, afterLogout);
        assertEquals(302, browser.get("/account").status(), "signed out");
        assertEquals(302, getWithCookie(signedIn, "/account").status(), "the old cookie no longer authenticates");
    }

    @Test
    void session_cookie_is_http_only_and_same_site_lax() {
        User user = newClient();
        WebClient browser = panel.client();
        List<String> setCookies = browser.get("/auth/login").headers().get("set-cookie");
        assertCookieLockedDown(setCookies);
        var login = browser.post("/auth/login", Map.of("email", user.email(), "password", PASSWORD, "next", "/"));
        assertCookieLockedDown(login.headers().get("set-cookie"));
        assertTrue(browser.rawCookie(Authenticator.COOKIE).httpOnly());
    }

    private static void assertCookieLockedDown(List<String> setCookies) {
        assertNotNull(setCookies, "a session cookie is set");
        String session = setCookies.stream().filter(c -> c.startsWith(Authenticator.COOKIE + "=")).findFirst().orElseThrow();
        String lower = session.toLowerCase();
        assertTrue(lower.contains("; httponly"), session);
        assertTrue(lower.contains("; samesite=lax"), session);
        assertTrue(lower.contains("; path=/"), session);
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.com", "https://evil.com", "http://evil.com/admin", "/\\evil.com", "\\\\evil.com",
            "/\t/evil.com", "/\n/evil.com", "/\r/evil.com", " //evil.com", "javascript:alert(1)", "evil.com"})
    void login_next_parameter_cannot_redirect_off_site(String next) {
        User user = newClient();
        WebClient browser = panel.client();
        var form = browser.get("/auth/login?next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
        assertFalse(form.body().contains("evil.com"), "the form must not carry the off-site target along");

        var login = browser.post("/auth/login", Map.of("email", user.email(), "password", PASSWORD, "next", next));
        assertEquals(302, login.status(), login.body());
        assertSameSite(login.location());

        // Already signed in: the login page redirects straight to next.
        var again = browser.get("/auth/login?next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(302, again.status());
        assertSameSite(again.location());
    }

    /** What a browser does with a Location: strip tabs and newlines, treat backslashes as slashes. */
    private static void assertSameSite(String location) {
        assertNotNull(location);
        String asBrowserSeesIt = location.replaceAll("[\\t\\n\\r]", "").replace('\\', '/').strip();
        assertTrue(asBrowserSeesIt.startsWith("/") && !asBrowserSeesIt.startsWith("//"), "off-site redirect: " + location);
    }

    @Test
    void login_next_parameter_keeps_same_site_paths() {
        User user = newClient();
        WebClient browser = panel.client();
        browser.get("/auth/login?next=%2Faccount");
        var login = browser.post("/auth/login", Map.of("email", user.email(), "password", PASSWORD, "next", "/account"));
        assertEquals("/account", login.location());
    }

    @Test
    void suspended_user_is_signed_out_and_cannot_sign_in_until_unsuspended() {
        User user = newClient();
        WebClient browser = panel.client();
        browser.login(user.email(), PASSWORD);
        assertEquals(200, browser.get("/account").status());

        WebClient admin = panel.admin();
        admin.get("/admin/users/" + user.id());
        assertEquals(302, admin.post("/admin/users/" + user.id() + "/suspend", Map.of()).status());

        var afterSuspension = browser.get("/account");
        assertEquals(302, afterSuspension.status(), "the running session ends");
        assertTrue(afterSuspension.location().startsWith("/auth/login"));

        WebClient fresh = panel.client();
        fresh.get("/auth/login");
        String anonymous = fresh.cookie(Authenticator.COOKIE);
        var refused = fresh.post("/auth/login", Map.of("email", user.email(), "password", PASSWORD, "next", "/"));
        assertEquals(403, refused.status());
        assertTrue(refused.body().contains("suspended"), refused.body());
        assertEquals(anonymous, fresh.cookie(Authenticator.COOKIE), "no signed-in session issued");
        assertEquals(302, fresh.get("/account").status());

        admin.get("/admin/users/" + user.id());
        assertEquals(302, admin.post("/admin/users/" + user.id() + "/unsuspend", Map.of()).status());
        fresh.login(user.email(), PASSWORD);
        assertEquals(200, fresh.get("/account").status());
    }
}
