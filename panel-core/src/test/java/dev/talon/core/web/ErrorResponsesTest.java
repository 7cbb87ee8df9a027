package dev.talon.core.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.core.testing.TestPanel;
import dev.talon.core.testing.WebClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every error answers with a friendly page or {@code {"error": ...}}, never a stack trace or server internals. */
class ErrorResponsesTest {

    /** A Java stack frame, an exception class name, or a server banner. */
    private static final Pattern INTERNALS = Pattern.compile(
            "(\\bat [\\w$.]+\\([\\w$]+\\.java:\\d+\\))|([\\w.]+(Exception|Error)\\b)|(\\.java:\\d+)|(org\\.eclipse\\.jetty)"
                    + "|(io\\.javalin\\.)|(dev\\.talon\\.)|(Caused by)|(Powered by Jetty)");

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

    private static void assertClean(int expectedStatus, WebClient.Page page) {
        assertEquals(expectedStatus, page.status(), page.body());
        assertFalse(INTERNALS.matcher(page.body()).find(), "internals leaked: " + page.body());
        String server = page.header("Server");
        assertTrue(server == null || !server.toLowerCase().contains("jetty"), "server banner: " + server);
    }

    private static void assertJsonError(WebClient.Page page) {
        assertTrue(page.header("Content-Type").startsWith("application/json"), page.header("Content-Type"));
        assertTrue(page.body().startsWith("{\"error\":\""), page.body());
    }

    private static void assertHtmlError(WebClient.Page page) {
        assertTrue(page.header("Content-Type").startsWith("text/html"), page.header("Content-Type"));
        assertTrue(page.body().contains("</html>"), page.body());
    }

    @Test
    void bad_request_400_is_clean() {
        WebClient admin = panel.admin();
        admin.get("/admin/users");
        var page = admin.post("/admin/users", Map.of("email", "not an e-mail", "password", "long-enough-1"));
        assertClean(400, page);
        assertHtmlError(page);
    }

    @Test
    void unauthorized_401_is_clean_json() {
        var page = panel.client().get("/api/client/account", Map.of("Authorization", "Bearer tln_nope_nope"));
        assertClean(401, page);
        assertJsonError(page);
        var post = panel.client().send("POST", "/api/client/account", "{}", Map.of());
        assertTrue(post.status() == 401 || post.status() == 403 || post.status() == 404 || post.status() == 405, post.body());
        assertClean(post.status(), post);
    }

    @Test
    void forbidden_403_is_clean() {
        WebClient browser = panel.client();
        browser.get("/auth/login");
        var page = browser.postRaw("/auth/login", Map.of("email", "a@b.c", "password", "x"));
        assertClean(403, page);
        assertHtmlError(page);
    }

    @Test
    void not_found_404_is_clean_as_html_and_as_json() {
        var html = panel.client().get("/no/such/page");
        assertClean(404, html);
        assertHtmlError(html);
        var json = panel.client().get("/api/no/such/thing");
        assertClean(404, json);
        assertJsonError(json);
        WebClient admin = panel.admin();
        assertClean(404, admin.get("/admin/users/999999"));
        assertClean(404, admin.get("/admin/users/not-a-number"));
        assertClean(404, admin.get("/admin/users/99999999999999999999999"));
        assertClean(404, panel.client().get("/assets/../../etc/passwd"));
        assertClean(404, panel.client().get("/theme/..%2F..%2Fetc%2Fpasswd.css"));
    }

    @Test
    void wrong_method_is_clean() {
        WebClient admin = panel.admin();
        var put = admin.send("PUT", "/auth/login", "{}", Map.of("X-CSRF-Token", admin.csrf()));
        assertTrue(put.status() == 404 || put.status() == 405, put.status() + " " + put.body());
        assertClean(put.status(), put);
        var anonymous = panel.client().send("PUT", "/auth/login", "{}", Map.of());
        assertClean(403, anonymous);
        var delete = panel.client().send("DELETE", "/api/client/account", null, Map.of());
        assertTrue(delete.status() >= 400 && delete.status() < 500, delete.status() + " " + delete.body());
        assertClean(delete.status(), delete);
    }

    @Test
    void internal_error_500_is_clean_and_names_an_error_id() {
        WebClient admin = panel.admin();
        admin.get("/admin/users");
        var jdbi = panel.panel().database().jdbi();
        // A database that lost a table (a botched manual change): writing activity fails inside the handler.
        jdbi.useHandle(h -> h.execute("ALTER TABLE activity_log RENAME TO activity_log_away"));
        try {
            var page = admin.post("/admin/users", Map.of("email", "after-damage@example.com", "password", "long-enough-1"));
            assertClean(500, page);
            assertHtmlError(page);
            assertTrue(page.body().contains("error id"), page.body());

            var json = admin.send("POST", "/account/api-keys", "{}", Map.of("X-CSRF-Token", admin.csrf(), "Accept", "application/json"));
            assertClean(500, json);
            assertJsonError(json);
        } finally {
            jdbi.useHandle(h -> h.execute("ALTER TABLE activity_log_away RENAME TO activity_log"));
        }
    }

    @Test
    void too_many_requests_429_is_clean() {
        panel.panel().users().create("throttled@example.com", "T", "right-password-1", false);
        WebClient browser = panel.client();
        browser.get("/auth/login");
        WebClient.Page page = null;
        for (int i = 0; i < 6; i++) {
            page = browser.post("/auth/login", Map.of("email", "throttled@example.com", "password", "wrong"));
        }
        assertClean(429, page);
        assertHtmlError(page);
    }

    @Test
    void malformed_form_body_is_a_clean_client_error() {
        WebClient admin = panel.admin();
        var request = new Request.Builder().url(panel.baseUrl() + "/admin/users")
                .post(RequestBody.create("_csrf=%zz&email=%E0%A4%A", MediaType.get("application/x-www-form-urlencoded"))).build();
        var page = admin.send(request);
        assertTrue(page.status() >= 400 && page.status() < 500, "a malformed body is the client's error: " + page.status());
        assertClean(page.status(), page);
    }

    @Test
    void malformed_json_to_the_api_is_clean() {
        String key = panel.panel().apiKeys().create(1, "k", null).plainKey();
        var page = panel.client().send("POST", "/api/client/account", "{not json", Map.of("Authorization", "Bearer " + key));
        assertTrue(page.status() >= 400 && page.status() < 500, page.status() + " " + page.body());
        assertClean(page.status(), page);
        assertJsonError(page);
    }

    @Test
    void requests_the_http_layer_rejects_are_clean() throws IOException {
        for (String raw : new String[] {
                "GET /%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /admin/users/%00 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: localhost\r\nBad Header\r\nConnection: close\r\n\r\n",
                "POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Length: 99999999999\r\nConnection: close\r\n\r\n"}) {
            String response = rawRequest(raw);
            assertTrue(response.startsWith("HTTP/1.1 4"), "a client error for " + raw.lines().findFirst().orElseThrow() + ": " + response);
            assertFalse(INTERNALS.matcher(response).find(), "internals leaked: " + response);
        }
    }

    private static String rawRequest(String raw) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", panel.panel().port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
