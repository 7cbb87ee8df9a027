package dev.talon.core.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.core.testing.TestPanel;
import dev.talon.core.testing.WebClient;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every response carries the security headers, and pages need nothing the CSP forbids. */
class SecurityHeadersTest {

    private static final Pattern SCRIPT_TAG = Pattern.compile("<script\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern EVENT_ATTRIBUTE = Pattern.compile("<[a-z][^>]*\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);

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

    private static void assertSecurityHeaders(String what, WebClient.Page page) {
        String csp = page.header("Content-Security-Policy");
        assertNotNull(csp, what + ": CSP header");
        String scripts = directive(csp, "script-src").or(() -> directive(csp, "default-src")).orElse("");
        assertFalse(scripts.isEmpty(), what + ": scripts are restricted: " + csp);
        assertFalse(scripts.contains("'unsafe-inline'"), what + ": inline scripts allowed: " + csp);
        assertFalse(scripts.contains("'unsafe-eval'"), what + ": eval allowed: " + csp);
        assertFalse(scripts.contains("*") || scripts.contains("http:") || scripts.contains("https:") || scripts.contains("data:"),
                what + ": scripts from anywhere: " + csp);
        assertTrue(directive(csp, "frame-ancestors").map(d -> d.contains("'none'") || d.contains("'self'")).orElse(false),
                what + ": frame-ancestors: " + csp);
        assertTrue(directive(csp, "object-src").map(d -> d.contains("'none'")).orElse(false), what + ": object-src: " + csp);
        String frames = page.header("X-Frame-Options");
        assertTrue("DENY".equals(frames) || "SAMEORIGIN".equals(frames), what + ": X-Frame-Options " + frames);
        assertEquals("nosniff", page.header("X-Content-Type-Options"), what);
        assertNotNull(page.header("Referrer-Policy"), what + ": Referrer-Policy");
    }

    private static Optional<String> directive(String csp, String name) {
        return Arrays.stream(csp.split(";")).map(String::trim).filter(d -> d.startsWith(name + " ")).findFirst();
    }

    @Test
    void pages_json_errors_and_assets_carry_the_security_headers() {
        WebClient admin = panel.admin();
        assertSecurityHeaders("login page", panel.client().get("/auth/login"));
        assertSecurityHeaders("redirect", panel.client().get("/"));
        assertSecurityHeaders("admin dashboard", admin.get("/admin"));
        assertSecurityHeaders("404 page", panel.client().get("/nothing/here"));
        assertSecurityHeaders("403 page", panel.client().postRaw("/auth/login", Map.of()));
        assertSecurityHeaders("API 401", panel.client().get("/api/client/account"));
        assertSecurityHeaders("health", panel.client().get("/health"));
        assertSecurityHeaders("stylesheet", panel.client().get("/assets/panel.css"));
    }

    @Test
    void pages_have_no_inline_scripts_or_event_handler_attributes_the_csp_would_block() {
        WebClient admin = panel.admin();
        long adminId = panel.panel().users().findByEmail(TestPanel.ADMIN_EMAIL).orElseThrow().id();
        admin.get("/account");
        var setup = admin.post("/account/two-factor/setup", Map.of());
        var pages = new java.util.LinkedHashMap<String, WebClient.Page>();
        pages.put("login", panel.client().get("/auth/login"));
        for (String path : List.of("/", "/admin", "/account", "/admin/users", "/admin/users/" + adminId, "/admin/activity",
                "/admin/addons", "/admin/scheduler", "/admin/settings", "/missing")) {
            pages.put(path, admin.get(path));
        }
        pages.put("two-factor setup", setup);
        pages.forEach((name, page) -> {
            assertTrue(page.body().contains("<html"), name + " is a page");
            Matcher m = SCRIPT_TAG.matcher(page.body());
            while (m.find()) {
                assertTrue(m.group(1).contains("src="), name + ": inline script " + m.group());
            }
            Matcher handler = EVENT_ATTRIBUTE.matcher(page.body());
            assertFalse(handler.find(), name + ": inline event handler " + (handler.find(0) ? handler.group() : ""));
            assertFalse(page.body().contains("javascript:"), name + ": javascript: URL");
        });
    }
}
