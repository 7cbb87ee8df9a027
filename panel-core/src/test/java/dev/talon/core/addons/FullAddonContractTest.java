package dev.talon.core.addons;

import static dev.talon.core.addons.TestAddons.addonRow;
import static dev.talon.core.addons.TestAddons.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.api.PanelAddon;
import dev.talon.api.PanelUser;
import dev.talon.api.events.ServerStateChanged;
import dev.talon.core.Main;
import dev.talon.core.auth.PanelAccessControl;
import dev.talon.core.settings.SettingsRepository;
import dev.talon.core.testing.TestPanel;
import dev.talon.core.testing.WebClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real add-on jar ({@code full}, built from sources at test time) contributes through every
 * extension point of panel-api; each contribution shows up where the panel promises, and
 * disabling the add-on at run time takes all of them away at once.
 */
class FullAddonContractTest {

    @TempDir
    static Path root;

    static TestPanel panel;
    static WebClient admin;
    static WebClient client;
    static String apiKey;
    static PanelUser clientUser;

    @BeforeAll
    static void start() {
        TestAddons.full("1.0.0").installIn(root.resolve("addons"));
        TestAddons.simple("twin", """
                context.settings().put("greeting", "from twin");
                registrar.route(Route.of(Area.API, HttpMethod.GET, "/api/twin/settings", r -> r.ctx().json(context.settings().all())));
                """).installIn(root.resolve("addons"));
        TestAddons.simple("bundler", """
                registrar.route(Route.of(Area.API, HttpMethod.GET, "/api/bundler/contract",
                        r -> r.ctx().result(String.valueOf(System.identityHashCode(PanelAddon.class)))));
                """).bundling(PanelAddon.class).installIn(root.resolve("addons"));
        panel = TestPanel.start(root);
        var user = panel.panel().users().create("client@example.com", "Client", "client-password-1", false);
        clientUser = user.toPanelUser();
        apiKey = panel.panel().apiKeys().create(user.id(), "test", null).plainKey();
        admin = panel.admin();
        client = panel.client();
        client.login("client@example.com", "client-password-1");
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    @Test
    void the_addon_is_listed_as_started_with_its_descriptor() {
        String row = addonRow(admin, "full");
        assertTrue(row.contains("class=\"state-started\""), row);
        assertTrue(row.contains("1.0.0") && row.contains("Talon tests") && row.contains("Test add-on full"), row);
    }

    @Test
    void admin_route_serves_admins_sends_anonymous_to_sign_in_and_is_hidden_from_clients() {
        var page = admin.get("/admin/full/notes");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("full-admin-route 1.0.0"), page.body());
        assertTrue(page.body().contains("<nav"), "rendered inside the panel layout");

        var anonymous = panel.client().get("/admin/full/notes");
        assertEquals(302, anonymous.status());
        assertTrue(anonymous.location().contains("/auth/login"), anonymous.location());

        assertEquals(404, client.get("/admin/full/notes").status());
        assertEquals(404, client.post("/admin/full/notes", Map.of("note", "x")).status());
    }

    @Test
    void admin_post_route_needs_the_csrf_token() {
        assertEquals(403, admin.postRaw("/admin/full/notes", Map.of("note", "forged")).status());
        var posted = admin.post("/admin/full/notes", Map.of("note", "posted by admin"));
        assertEquals(302, posted.status());
        assertTrue(admin.get("/admin/full/notes").body().contains("posted by admin"));
        assertFalse(admin.get("/admin/full/notes").body().contains("forged"));
    }

    @Test
    void client_route_gets_path_parameters_and_its_permission_is_checked() {
        var hello = client.get("/full/hello/world");
        assertEquals(200, hello.status());
        assertEquals("full-client-route 1.0.0 hello world", hello.body());

        assertEquals(302, panel.client().get("/full/hello/world").status());
        assertEquals(403, client.get("/full/secret").status(), "nobody registered full.secret, so clients lack it");
        assertEquals(200, admin.get("/full/secret").status(), "administrators hold every permission");
    }

    @Test
    void api_route_answers_api_keys_and_refuses_anonymous_callers() {
        var anonymous = panel.client().get("/api/full/notes");
        assertEquals(401, anonymous.status());
        assertTrue(anonymous.body().contains("\"error\""), anonymous.body());

        var withKey = panel.client().get("/api/full/notes", Map.of("Authorization", "Bearer " + apiKey));
        assertEquals(200, withKey.status(), withKey.body());
        assertTrue(withKey.body().contains("\"user\":\"client@example.com\""), withKey.body());
        assertTrue(withKey.body().contains("seeded by migration"), withKey.body());
    }

    @Test
    void nav_items_widgets_and_page_fragment_appear_in_both_areas() {
        String adminDashboard = admin.get("/admin").body();
        assertTrue(adminDashboard.contains("href=\"/admin/full/notes\""), "admin nav item");
        assertTrue(adminDashboard.contains("id=\"widget-full-notes\""), "admin widget");
        assertTrue(adminDashboard.contains("full-widget-notes notes="), "admin widget body");
        assertTrue(adminDashboard.contains("<div id=\"full-fragment\" data-area=\"admin\"></div>"), "page fragment");
        assertFalse(adminDashboard.contains("href=\"/full/hello/world\""), "client nav item stays in the client area");

        String clientDashboard = client.get("/").body();
        assertTrue(clientDashboard.contains("href=\"/full/hello/world\""), "client nav item");
        assertTrue(clientDashboard.contains("id=\"widget-full-hello\""), "client widget");
        assertTrue(clientDashboard.contains("full-widget-hello notes="), "client widget body");
        assertTrue(clientDashboard.contains("<div id=\"full-fragment\" data-area=\"client\"></div>"), "page fragment");
        assertFalse(clientDashboard.contains("id=\"widget-full-notes\""), "admin widget stays on the admin dashboard");
    }

    @Test
    void migration_created_the_table_with_a_history_table_of_the_addons_own() {
        Jdbi jdbi = panel.panel().database().jdbi();
        assertEquals(1, tables(jdbi, "full_notes"));
        assertEquals(1, tables(jdbi, "flyway_history_full"));
        String applied = jdbi.withHandle(h -> h.createQuery("SELECT \"description\" FROM \"flyway_history_full\" WHERE \"version\" = '1'")
                .mapTo(String.class).one());
        assertEquals("init", applied);
    }

    @Test
    void job_is_on_the_scheduler_page_and_run_now_runs_it_and_records_the_result() {
        String page = admin.get("/admin/scheduler").body();
        assertTrue(page.contains("id=\"job-full-count-notes\""), "job listed");
        assertTrue(page.contains("every 1 h"), "its schedule");
        assertEquals(1, quartzJobs("full"), "scheduled in Quartz");

        var run = admin.post("/admin/scheduler/full/count-notes/run", Map.of());
        assertEquals(302, run.status(), run.body());
        String done = await(Duration.ofSeconds(20), () -> jobRow(admin.get("/admin/scheduler").body(), "full-count-notes"),
                row -> row.contains("full job counted"));
        assertTrue(done.contains("pill-ok") && done.contains("run by hand"), done);
        assertTrue(admin.get("/admin/full/notes").body().contains("job manual=true"), "the job wrote to the add-on's table");
    }

    @Test
    void settings_page_is_linked_and_settings_are_namespaced_per_addon() {
        assertTrue(admin.get("/admin/settings").body().contains("href=\"/admin/full/settings\""));

        var written = admin.post("/admin/full/settings", Map.of("key", "greeting", "value", "from full"));
        assertEquals(200, written.status(), written.body());
        assertEquals("{\"greeting\":\"from full\"}", admin.get("/admin/full/settings").body());
        assertEquals("{\"greeting\":\"from twin\"}", admin.get("/api/twin/settings").body());
        var core = new SettingsRepository(panel.panel().database().jdbi(), "core", Clock.systemUTC());
        assertTrue(core.get("greeting").isEmpty(), "the core's settings are untouched");
    }

    @Test
    void published_event_reaches_the_addons_listener() {
        panel.panel().events().publish(new ServerStateChanged("srv-1", "offline", "running", false, Instant.now()));
        await(Duration.ofSeconds(10), () -> admin.get("/admin/full/notes").body(), body -> body.contains("event srv-1 running"));
    }

    @Test
    void addon_classes_come_from_the_jar_and_share_the_hosts_contract_classes() {
        String body = admin.get("/api/full/contract").body();
        assertTrue(body.contains("\"panelAddonClass\":" + System.identityHashCode(PanelAddon.class)),
                "one Class for the contract: " + body);
        assertTrue(body.contains("\"loadedByPf4j\":true"),
                "add-on loaded by its own class loader, not from the test class path: " + body);
        var widget = panel.panel().registry().of("full").orElseThrow().widgets().getFirst();
        assertNotEquals(getClass().getClassLoader(), widget.getClass().getClassLoader());
    }

    @Test
    void an_addon_that_bundles_its_own_copy_of_panel_api_still_gets_the_hosts_contract() {
        assertTrue(addonRow(admin, "bundler").contains("class=\"state-started\""), addonRow(admin, "bundler"));
        assertEquals(String.valueOf(System.identityHashCode(PanelAddon.class)), admin.get("/api/bundler/contract").body());
    }

    @Test
    void cli_command_runs_on_the_data_folder_of_the_running_panel() {
        var result = cli("full:notes", "--add", "from the cli");
        assertEquals(0, result.code(), result.output());
        assertTrue(result.output().contains("from the cli"), result.output());
        assertTrue(result.output().contains("seeded by migration"), result.output());
        assertTrue(admin.get("/admin/full/notes").body().contains("from the cli"), "the serving panel sees the CLI's write");
    }

    @Test
    void cli_command_in_another_process_shares_the_h2_database_of_the_running_panel() throws Exception {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        var process = new ProcessBuilder(javaCommand, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "full:notes", "--add", "from another process", "--data", root.resolve("data").toString())
                .redirectErrorStream(true);
        process.environment().put("PANEL_ADDONS_DIR", root.resolve("addons").toString());
        Process started = process.start();
        var output = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                started.getInputStream().transferTo(output);
            } catch (IOException e) {
                // The process ended; what was read is asserted below.
            }
        });
        boolean finished = started.waitFor(90, TimeUnit.SECONDS);
        if (!finished) {
            started.destroyForcibly();
        }
        reader.join(5_000);
        String text = output.toString(StandardCharsets.UTF_8);
        assertTrue(finished, "the CLI did not finish:\n" + text);
        assertEquals(0, started.exitValue(), text);
        assertTrue(text.contains("from another process"), text);
        assertTrue(admin.get("/admin/full/notes").body().contains("from another process"), "the serving panel sees the CLI's write");
    }

    @Test
    void disabling_takes_every_contribution_away_at_once_and_enabling_brings_them_back() {
        try {
            var disabled = admin.post("/admin/addons/full/disable", Map.of());
            assertEquals(302, disabled.status());
            assertTrue(addonRow(admin, "full").contains("class=\"state-disabled\""));

            assertEquals(404, admin.get("/admin/full/notes").status());
            assertEquals(404, client.get("/full/hello/world").status());
            assertEquals(404, panel.client().get("/api/full/notes", Map.of("Authorization", "Bearer " + apiKey)).status());
            String adminDashboard = admin.get("/admin").body();
            assertFalse(adminDashboard.contains("href=\"/admin/full/notes\""), "admin nav item gone");
            assertFalse(adminDashboard.contains("widget-full-notes"), "admin widget gone");
            assertFalse(adminDashboard.contains("full-fragment"), "page fragment gone");
            String clientDashboard = client.get("/").body();
            assertFalse(clientDashboard.contains("href=\"/full/hello/world\""), "client nav item gone");
            assertFalse(clientDashboard.contains("widget-full-hello"), "client widget gone");
            assertFalse(admin.get("/admin/scheduler").body().contains("job-full-count-notes"), "job gone from the page");
            assertEquals(0, quartzJobs("full"), "job gone from Quartz");
            assertEquals(404, admin.post("/admin/scheduler/full/count-notes/run", Map.of()).status());
            assertFalse(admin.get("/admin/settings").body().contains("/admin/full/settings"), "settings link gone");
            assertFalse(new PanelAccessControl(panel.panel().registry()).can(clientUser, "full.use"), "permission gone");
            assertTrue(cli("full:notes").code() != 0, "CLI command gone");
            panel.panel().events().publish(new ServerStateChanged("srv-2", "running", "stopping", false, Instant.now()));

            assertEquals(200, admin.get("/api/twin/settings").status(), "other add-ons keep working");
        } finally {
            assertEquals(302, admin.post("/admin/addons/full/enable", Map.of()).status());
        }
        assertTrue(addonRow(admin, "full").contains("class=\"state-started\""));
        assertEquals(200, admin.get("/admin/full/notes").status());
        assertEquals(200, client.get("/full/hello/world").status());
        assertTrue(admin.get("/admin").body().contains("widget-full-notes"));
        assertTrue(client.get("/").body().contains("href=\"/full/hello/world\""));
        assertTrue(admin.get("/admin/scheduler").body().contains("job-full-count-notes"));
        assertEquals(1, quartzJobs("full"));
        assertEquals(0, cli("full:notes").code());
        panel.panel().events().publish(new ServerStateChanged("srv-3", "offline", "starting", false, Instant.now()));
        String notes = await(Duration.ofSeconds(10), () -> admin.get("/admin/full/notes").body(), b -> b.contains("event srv-3 starting"));
        assertFalse(notes.contains("srv-2"), "an event published while disabled never reached the listener");
    }

    record CliResult(int code, String output) {}

    static CliResult cli(String... command) {
        var args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--data", root.resolve("data").toString()));
        var out = new ByteArrayOutputStream();
        PrintStream previousOut = System.out;
        PrintStream previousErr = System.err;
        var capture = new PrintStream(out, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            int code = Main.run(Map.of("PANEL_ADDONS_DIR", root.resolve("addons").toString()), args.toArray(String[]::new));
            return new CliResult(code, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(previousOut);
            System.setErr(previousErr);
        }
    }

    static int tables(Jdbi jdbi, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE LOWER(TABLE_NAME) = :n")
                .bind("n", name).mapTo(Integer.class).one());
    }

    static int quartzJobs(String group) {
        return panel.panel().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM QRTZ_JOB_DETAILS WHERE JOB_GROUP = :g").bind("g", group).mapTo(Integer.class).one());
    }

    static String jobRow(String page, String id) {
        int start = page.indexOf("<tr id=\"job-" + id + "\"");
        return start < 0 ? "" : page.substring(start, page.indexOf("</tr>", start));
    }
}
