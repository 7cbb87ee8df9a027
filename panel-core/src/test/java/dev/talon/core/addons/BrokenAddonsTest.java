package dev.talon.core.addons;

import static dev.talon.core.addons.TestAddons.addonRow;
import static dev.talon.core.addons.TestAddons.assertFailed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.core.testing.TestPanel;
import dev.talon.core.testing.WebClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A panel with one healthy add-on among deliberately broken ones: each broken add-on is shown as
 * failed with a reason an administrator can act on, nothing it registered before failing is
 * live, and the panel and the healthy add-on keep working.
 */
class BrokenAddonsTest {

    @TempDir
    static Path root;

    static TestPanel panel;
    static WebClient admin;

    @BeforeAll
    static void start() {
        Path addons = root.resolve("addons");
        TestAddons.simple("healthy", """
                registrar.route(Route.of(Area.API, HttpMethod.GET, "/api/healthy/ping", r -> r.ctx().result("pong")));
                registrar.widget(new Tile("fine", () -> Html.text("fine-widget-body")));
                registrar.widget(new Tile("slow", () -> { Thread.sleep(5_000); return Html.text("slow-widget-body"); }));
                registrar.widget(new Tile("throws", () -> { throw new IllegalStateException("widget exploded"); }));
                """, """
                interface Body { Html render() throws Exception; }

                record Tile(String id, Body body) implements DashboardWidget {
                    public String title() { return "Healthy " + id; }
                    public Area area() { return Area.ADMIN; }
                    public Html render(PanelUser viewer) throws Exception { return body.render(); }
                }
                """).installIn(addons);
        TestAddons.simple("thrower", """
                registrar.nav(NavItem.of(Area.ADMIN, "Thrower", "/admin/thrower", "!", 460));
                registrar.route(Route.of(Area.ADMIN, HttpMethod.GET, "/admin/thrower", r -> r.ctx().result("thrower")));
                throw new IllegalStateException("thrower cannot start: the licence file is missing");
                """).installIn(addons);
        TestAddons.simple("no-id", "").manifest("Plugin-Id", null).installIn(addons);
        AddonJar.garbage(addons.resolve("garbage.jar"));
        AddonJar.garbage(addons.resolve("corrupt").resolve("corrupt-1.0.0.jar"));
        TestAddons.simple("future", """
                registrar.route(Route.of(Area.API, HttpMethod.GET, "/api/future/ping", r -> r.ctx().result("pong")));
                """).manifest("Plugin-Requires", ">=2.0.0").installIn(addons);
        // The index lists a class, but it is no PanelAddon.
        AddonJar.addon("no-extension")
                .source("dev.talon.testaddon.no_extension.Helper", """
                        package dev.talon.testaddon.no_extension;
                        @org.pf4j.Extension
                        public final class Helper implements org.pf4j.ExtensionPoint {}
                        """)
                .extension("dev.talon.testaddon.no_extension.Helper")
                .installIn(addons);
        // A real PanelAddon, but the jar lacks META-INF/extensions.idx (annotation processor not run).
        AddonJar.addon("no-index")
                .source("dev.talon.testaddon.no_index.Addon", """
                        package dev.talon.testaddon.no_index;
                        @org.pf4j.Extension
                        public final class Addon implements dev.talon.api.PanelAddon {
                            public void start(dev.talon.api.AddonContext c, dev.talon.api.Registrar r) {}
                        }
                        """)
                .installIn(addons);
        TestAddons.simple("bad-route", """
                registrar.nav(NavItem.of(Area.CLIENT, "Bad route", "/bad-route", "!", 470));
                registrar.route(Route.of(Area.CLIENT, HttpMethod.GET, "/auth/steal", r -> r.ctx().result("stolen")));
                """).installIn(addons);
        TestAddons.simple("shadow", """
                registrar.route(Route.of(Area.CLIENT, HttpMethod.GET, "/{slug}", r -> r.ctx().result("shadowed")));
                """).installIn(addons);
        TestAddons.simple("bad-migration", """
                registrar.route(Route.of(Area.ADMIN, HttpMethod.GET, "/admin/bad-migration", r -> r.ctx().result("half")));
                registrar.nav(NavItem.of(Area.ADMIN, "Bad migration", "/admin/bad-migration", "!", 480));
                """, """
                @Override
                public List<String> migrationLocations() { return List.of("classpath:db/bad-migration"); }
                """)
                .resource("db/bad-migration/V1__ok.sql", "CREATE TABLE bad_migration_ok (id INT);")
                .resource("db/bad-migration/V2__broken.sql", "CREATE TABLE bad_migration_broken (id INT NOT A TYPE);")
                .installIn(addons);
        // Two add-ons competing for the same requests: whichever starts second is refused.
        TestAddons.simple("pair-left", """
                registrar.route(Route.of(Area.API, HttpMethod.GET, "/api/pair/{id}", r -> r.ctx().result("left")));
                """).installIn(addons);
        TestAddons.simple("pair-right", """
                registrar.route(Route.of(Area.API, HttpMethod.GET, "/api/pair/ping", r -> r.ctx().result("right")));
                """).installIn(addons);
        panel = TestPanel.start(root);
        admin = panel.admin();
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    @Test
    void the_panel_stays_up_and_the_healthy_addon_works() {
        assertEquals(200, panel.client().get("/health").status());
        var ready = panel.client().get("/ready");
        assertEquals(200, ready.status(), ready.body());
        assertTrue(ready.body().contains("\"thrower\":\"FAILED\""), ready.body());
        assertTrue(addonRow(admin, "healthy").contains("class=\"state-started\""));
        assertEquals("pong", admin.get("/api/healthy/ping").body());
    }

    @Test
    void an_addon_that_throws_in_start_is_failed_and_nothing_it_registered_is_live() {
        assertFailed(admin, "thrower", "thrower cannot start: the licence file is missing");
        assertEquals(404, admin.get("/admin/thrower").status());
        assertFalse(admin.get("/admin").body().contains("href=\"/admin/thrower\""));
        assertTrue(panel.panel().registry().of("thrower").isEmpty());
    }

    @Test
    void a_descriptor_without_plugin_id_is_reported() {
        assertFailed(admin, "no-id", "Plugin-Id");
    }

    @Test
    void a_jar_that_is_not_a_zip_is_reported_bare_or_in_a_folder() {
        assertFailed(admin, "garbage", "Could not be loaded");
        assertFailed(admin, "corrupt", "Could not be loaded");
    }

    @Test
    void an_addon_for_another_panel_api_version_is_refused_even_when_enabled_by_hand() {
        assertFailed(admin, "future", "Needs panel-api >=2.0.0", dev.talon.api.ApiVersion.VERSION);
        assertEquals(302, admin.post("/admin/addons/future/enable", Map.of()).status());
        assertFailed(admin, "future", "Needs panel-api >=2.0.0");
        assertEquals(404, admin.get("/api/future/ping").status());
    }

    @Test
    void an_addon_without_a_panel_addon_extension_is_reported() {
        assertFailed(admin, "no-extension", "exactly one", "found 0", "extensions.idx");
        assertFailed(admin, "no-index", "exactly one", "found 0", "extensions.idx");
    }

    @Test
    void an_invalid_route_fails_the_start_with_the_route_named() {
        assertFailed(admin, "bad-route", "/auth/steal");
        assertFalse(admin.get("/").body().contains("href=\"/bad-route\""), "its nav item, registered first, is not live");
        assertTrue(panel.panel().registry().of("bad-route").isEmpty());
    }

    @Test
    void a_route_that_would_capture_core_pages_is_refused() {
        assertFailed(admin, "shadow", "/{slug}", "would shadow the panel route");
        var account = admin.get("/account");
        assertEquals(200, account.status());
        assertFalse(account.body().contains("shadowed"));
    }

    @Test
    void a_second_addon_serving_an_overlapping_route_is_refused_and_the_first_keeps_it() {
        boolean leftStarted = panel.panel().registry().of("pair-left").isPresent();
        boolean rightStarted = panel.panel().registry().of("pair-right").isPresent();
        assertTrue(leftStarted ^ rightStarted, "exactly one of the two competing add-ons runs");
        String failed = leftStarted ? "pair-right" : "pair-left";
        String winner = leftStarted ? "pair-left" : "pair-right";
        assertFailed(admin, failed, "clashes with", "already served by add-on", winner);
        var ping = admin.get("/api/pair/ping");
        assertEquals(leftStarted ? "left" : "right", ping.body());
    }

    @Test
    void disabling_and_enabling_an_addon_that_could_not_be_loaded_keeps_its_failure() {
        assertEquals(302, admin.post("/admin/addons/garbage/disable", Map.of()).status());
        assertFailed(admin, "garbage", "Could not be loaded");
        assertEquals(302, admin.post("/admin/addons/garbage/enable", Map.of()).status());
        assertFailed(admin, "garbage", "Could not be loaded");
    }

    @Test
    void a_failing_migration_fails_the_addon_before_it_registers_anything() {
        assertFailed(admin, "bad-migration", "V2", "broken");
        assertEquals(404, admin.get("/admin/bad-migration").status());
        assertFalse(admin.get("/admin").body().contains("href=\"/admin/bad-migration\""));
        assertTrue(panel.panel().registry().of("bad-migration").isEmpty());
    }

    @Test
    void slow_and_throwing_widgets_show_as_unavailable_without_holding_up_the_dashboard() {
        long started = System.nanoTime();
        var dashboard = admin.get("/admin");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(200, dashboard.status());
        assertTrue(millis < 2_500, "the dashboard took " + millis + " ms with a widget that sleeps 5 s");
        String body = dashboard.body();
        assertTrue(tile(body, "healthy-fine").contains("fine-widget-body"), tile(body, "healthy-fine"));
        assertTrue(tile(body, "healthy-slow").contains("unavailable"), tile(body, "healthy-slow"));
        assertFalse(tile(body, "healthy-slow").contains("slow-widget-body"));
        assertTrue(tile(body, "healthy-throws").contains("unavailable"), tile(body, "healthy-throws"));
        assertFalse(body.contains("widget exploded"), "the exception's message stays in the log");
        assertTrue(tile(body, "core-overview").contains("widget-body"), "core widgets still render");
    }

    static String tile(String page, String id) {
        int start = page.indexOf("id=\"widget-" + id + "\"");
        assertTrue(start >= 0, "no widget " + id);
        return page.substring(start, page.indexOf("</section>", start));
    }
}
