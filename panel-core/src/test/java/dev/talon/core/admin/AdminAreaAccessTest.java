package dev.talon.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.core.auth.User;
import dev.talon.core.testing.TestPanel;
import dev.talon.core.testing.WebClient;
import dev.talon.core.web.WebServer.CoreRoute;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client walks the panel's real route table: every admin endpoint, GET and POST, with its path
 * parameters filled with real ids (so a missing check would act on real data), answers 403 or 404.
 */
class AdminAreaAccessTest {

    private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9_]*)}");
    private static final String PASSWORD = "client-password-1";

    @TempDir
    static Path dir;
    static TestPanel panel;
    static User client;
    static User admin;

    @BeforeAll
    static void start() {
        panel = TestPanel.start(dir);
        client = panel.panel().users().create("client@example.com", "Client", PASSWORD, false);
        admin = panel.panel().users().findByEmail(TestPanel.ADMIN_EMAIL).orElseThrow();
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    private static List<CoreRoute> adminRoutes() {
        var routes = new ArrayList<CoreRoute>();
        for (CoreRoute route : panel.panel().coreRoutes()) {
            boolean endpoint = Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(route.method());
            boolean admin = route.path().equals("/admin") || route.path().startsWith("/admin/") || route.path().startsWith("/api/admin/");
            if (endpoint && admin) {
                routes.add(route);
            }
        }
        routes.sort(Comparator.comparing(CoreRoute::path).thenComparing(CoreRoute::method));
        return routes;
    }

    /** Fills path parameters with real targets: the administrator's user id, a real job, an add-on id. */
    private static String fill(String path) {
        Matcher m = PARAM.matcher(path);
        var out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "id" -> path.startsWith("/admin/addons") ? "some-addon" : String.valueOf(admin.id());
                case "group" -> "core";
                case "key" -> "sessions-cleanup";
                default -> "1";
            };
            m.appendReplacement(out, value);
        }
        m.appendTail(out);
        return out.toString();
    }

    @Test
    void the_route_table_covers_the_admin_area() {
        var paths = adminRoutes().stream().map(r -> r.method() + " " + r.path()).toList();
        for (String expected : List.of("GET /admin", "GET /admin/users", "POST /admin/users/{id}/delete",
                "POST /admin/users/{id}/suspend", "POST /admin/scheduler/{group}/{key}/run", "POST /admin/addons/{id}/disable",
                "POST /admin/settings/theme", "GET /admin/activity", "GET /api/admin/addons")) {
            assertTrue(paths.contains(expected), "route table lacks " + expected + ": " + paths);
        }
    }

    @Test
    void client_gets_403_or_404_on_every_admin_route() {
        WebClient browser = panel.client();
        browser.login(client.email(), PASSWORD);
        browser.get("/account");
        var failures = new ArrayList<String>();
        for (CoreRoute route : adminRoutes()) {
            String path = fill(route.path());
            WebClient.Page page = switch (route.method()) {
                case "GET" -> browser.get(path);
                case "POST" -> browser.post(path, Map.of("root_admin", "on", "email", client.email(), "name", "Owned",
                        "password", "hijacked-password-1", "theme", "dark"));
                default -> browser.send(route.method(), path, "{}", Map.of("X-CSRF-Token", browser.csrf()));
            };
            if (page.status() != 403 && page.status() != 404) {
                failures.add(route.method() + " " + path + " -> " + page.status());
            }
        }
        assertTrue(failures.isEmpty(), "a client reached admin routes: " + failures);
        assertEquals(200, browser.get("/account").status(), "the client stays signed in (the checks above were real requests)");

        User after = panel.panel().users().find(admin.id()).orElseThrow();
        assertTrue(after.rootAdmin());
        assertFalse(after.suspended());
        assertFalse(panel.panel().users().find(client.id()).orElseThrow().rootAdmin(), "the client didn't promote itself");
        assertEquals(0, (int) panel.panel().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM activity_log WHERE action LIKE 'admin.%' AND actor_id = :id").bind("id", client.id())
                .mapTo(Integer.class).one()), "no admin action was recorded for the client");
    }

    @Test
    void client_api_key_gets_404_on_admin_api_routes() {
        String key = panel.panel().apiKeys().create(client.id(), "test", null).plainKey();
        var browser = panel.client();
        for (CoreRoute route : adminRoutes()) {
            if (!route.path().startsWith("/api/")) {
                continue;
            }
            var page = browser.send(route.method(), fill(route.path()), route.method().equals("GET") ? null : "{}",
                    Map.of("Authorization", "Bearer " + key));
            assertTrue(page.status() == 403 || page.status() == 404, route + " -> " + page.status() + " " + page.body());
        }
        var adminKey = panel.panel().apiKeys().create(admin.id(), "test", null).plainKey();
        assertEquals(200, browser.get("/api/admin/addons", Map.of("Authorization", "Bearer " + adminKey)).status(),
                "the same route answers an administrator's key");
    }

    @Test
    void signed_out_visitor_is_sent_to_login_or_refused_on_every_admin_route() {
        WebClient anonymous = panel.client();
        anonymous.get("/auth/login");
        for (CoreRoute route : adminRoutes()) {
            String path = fill(route.path());
            var page = route.method().equals("GET") ? anonymous.get(path) : anonymous.post(path, Map.of());
            boolean toLogin = page.status() == 302 && page.location().startsWith("/auth/login");
            boolean refused = page.status() == 401 || page.status() == 403 || page.status() == 404;
            assertTrue(toLogin || refused, route + " -> " + page.status());
        }
    }
}
