package dev.talon.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.core.testing.TestPanel;
import dev.talon.core.testing.WebClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** API keys on {@code /api/**}: valid keys answer in Pterodactyl's shape; anything else is a JSON 401. */
class ApiKeyAuthenticationTest {

    private static final String PASSWORD = "client-password-1";
    private static final Pattern NEW_KEY = Pattern.compile("id=\"new-api-key\">(tln_[^<]+)<");
    private static final AtomicInteger counter = new AtomicInteger();
    private static final ObjectMapper json = new ObjectMapper();

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

    private static User newClient(String name) {
        return panel.panel().users().create("api" + counter.incrementAndGet() + "@example.com", name, PASSWORD, false);
    }

    private static WebClient.Page account(String authorization) {
        return panel.client().get("/api/client/account", Map.of("Authorization", authorization));
    }

    /** Creates a key through the account page, as a user would; returns the key shown once. */
    private static String createKeyOnAccountPage(WebClient browser, String name, String allowedIps) {
        browser.get("/account");
        var page = browser.post("/account/api-keys", Map.of("name", name, "allowed_ips", allowedIps));
        assertEquals(200, page.status(), page.body());
        Matcher m = NEW_KEY.matcher(page.body());
        assertTrue(m.find(), "the new key is shown once");
        assertEquals(0, NEW_KEY.matcher(browser.get("/account").body()).results().count(), "the key is not shown again");
        return m.group(1);
    }

    private static void assertJson401(WebClient.Page page) {
        assertEquals(401, page.status(), page.body());
        assertTrue(page.header("Content-Type").startsWith("application/json"), page.header("Content-Type"));
        try {
            JsonNode body = json.readTree(page.body());
            assertTrue(body.path("error").isTextual(), page.body());
            assertEquals(1, body.size(), "only the error: " + page.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + page.body(), e);
        }
    }

    @Test
    void valid_key_gets_the_account_in_pterodactyls_shape_and_its_use_is_recorded() throws Exception {
        User user = newClient("Ada Lovelace");
        WebClient browser = panel.client();
        browser.login(user.email(), PASSWORD);
        String key = createKeyOnAccountPage(browser, "home", "");
        assertTrue(key.matches("tln_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43,}"), "visible prefix and >= 32 random bytes: " + key);

        var page = account("Bearer " + key);
        assertEquals(200, page.status(), page.body());
        JsonNode body = json.readTree(page.body());
        assertEquals("user", body.path("object").asText());
        JsonNode a = body.path("attributes");
        assertEquals(user.id(), a.path("id").asLong());
        assertEquals(false, a.path("admin").asBoolean(true));
        assertEquals(user.email(), a.path("email").asText());
        assertEquals(user.email().substring(0, user.email().indexOf('@')), a.path("username").asText());
        assertEquals("Ada", a.path("first_name").asText());
        assertEquals("Lovelace", a.path("last_name").asText());
        assertEquals("en", a.path("language").asText());

        var stored = panel.panel().apiKeys().listForUser(user.id()).getFirst();
        assertNotNull(stored.lastUsedAt(), "last used time recorded");
        assertTrue(List.of("127.0.0.1", "0:0:0:0:0:0:0:1", "::1").contains(stored.lastUsedIp()), stored.lastUsedIp());
        assertTrue(browser.get("/account").body().contains("from " + stored.lastUsedIp()), "the account page shows the last use");
    }

    @Test
    void key_is_stored_only_as_a_hash() {
        User user = newClient("Hash Check");
        String key = panel.panel().apiKeys().create(user.id(), "hash", null).plainKey();
        String dump = panel.panel().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT name, prefix, key_hash FROM api_keys WHERE user_id = :u").bind("u", user.id())
                .map((rs, ctx) -> rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3)).one());
        String secret = key.substring(key.lastIndexOf('_') + 1);
        assertTrue(!dump.contains(secret) && !dump.contains(key), dump);
        assertTrue(dump.endsWith(Tokens.sha256(key)));
    }

    @Test
    void revoked_key_is_refused_with_401_json() {
        User user = newClient("Revoke Me");
        WebClient browser = panel.client();
        browser.login(user.email(), PASSWORD);
        String key = createKeyOnAccountPage(browser, "to revoke", "");
        assertEquals(200, account("Bearer " + key).status());

        long id = panel.panel().apiKeys().listForUser(user.id()).getFirst().id();
        browser.get("/account");
        var revoke = browser.post("/account/api-keys/" + id + "/revoke", Map.of());
        assertEquals(302, revoke.status(), revoke.body());
        assertJson401(account("Bearer " + key));
    }

    @Test
    void a_user_cannot_revoke_another_users_key() {
        User owner = newClient("Owner");
        String key = panel.panel().apiKeys().create(owner.id(), "mine", null).plainKey();
        long id = panel.panel().apiKeys().listForUser(owner.id()).getFirst().id();
        User other = newClient("Other");
        WebClient browser = panel.client();
        browser.login(other.email(), PASSWORD);
        browser.get("/account");
        assertEquals(404, browser.post("/account/api-keys/" + id + "/revoke", Map.of()).status());
        assertEquals(200, account("Bearer " + key).status(), "the owner's key still works");
    }

    @Test
    void wrong_secret_for_a_real_prefix_is_refused_with_401_json() {
        User user = newClient("Wrong Secret");
        String key = panel.panel().apiKeys().create(user.id(), "real", null).plainKey();
        String prefix = key.substring(0, key.lastIndexOf('_') + 1);
        assertJson401(account("Bearer " + prefix + "A".repeat(43)));
        assertJson401(account("Bearer " + key + "x"));
        assertJson401(account("Bearer " + key.substring(0, key.length() - 1)));
        assertNull(panel.panel().apiKeys().listForUser(user.id()).getFirst().lastUsedAt(), "failed attempts are not a use");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer tln_unknown1_" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "Bearer ", "Bearer abc",
            "Bearer tln_", "Bearer tln__", "Bearer tln_x", "Basic YWRtaW46YWRtaW4=", "tln_abc_def", "Bearer tln_a_b_c_d",
            "Bearer tln_%_%", "Bearer tln_' OR '1'='1_x"})
    void wrong_or_malformed_keys_are_refused_with_401_json(String authorization) {
        assertJson401(account(authorization));
    }

    @Test
    void api_without_any_credentials_is_refused_with_401_json() {
        assertJson401(panel.client().get("/api/client/account"));
    }

    @Test
    void key_with_an_ip_allow_list_is_refused_from_another_address() {
        User user = newClient("Allow List");
        WebClient browser = panel.client();
        browser.login(user.email(), PASSWORD);
        String elsewhere = createKeyOnAccountPage(browser, "elsewhere", "203.0.113.7, 2001:db8::1");
        assertJson401(account("Bearer " + elsewhere));
        // A spoofed forwarding header must not help.
        assertJson401(panel.client().get("/api/client/account",
                Map.of("Authorization", "Bearer " + elsewhere, "X-Forwarded-For", "203.0.113.7", "X-Real-IP", "203.0.113.7")));

        String local = createKeyOnAccountPage(browser, "local", "127.0.0.1 0:0:0:0:0:0:0:1 ::1");
        assertEquals(200, account("Bearer " + local).status());
    }

    @Test
    void key_of_a_suspended_user_is_refused_with_401_json() {
        User user = newClient("Suspended");
        String key = panel.panel().apiKeys().create(user.id(), "k", null).plainKey();
        assertEquals(200, account("Bearer " + key).status());
        panel.panel().users().setSuspended(user.id(), true);
        assertJson401(account("Bearer " + key));
    }

    @Test
    void api_key_does_not_sign_in_pages_outside_the_api() {
        User user = newClient("Pages");
        String key = panel.panel().apiKeys().create(user.id(), "k", null).plainKey();
        var page = panel.client().get("/account", Map.of("Authorization", "Bearer " + key));
        assertEquals(302, page.status(), "a bearer key is for /api/** only");
    }
}
