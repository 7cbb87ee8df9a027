package dev.talon.core.servers.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.ServersFixture;
import dev.talon.core.testing.TestPanel;
import dev.talon.core.testing.WebClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings (rename, startup variables) and activity sections of the server page and the forms behind them. */
class ServerSettingsPageTest {

    @TempDir
    static Path dir;
    static TestPanel panel;
    static ServersFixture fixture;
    static ServersFixture.Account alice;
    static ServersFixture.Account bob;
    static ServersFixture.Account carol;
    static ServersFixture.Account erin;

    @BeforeAll
    static void start() {
        panel = TestPanel.start(dir);
        fixture = new ServersFixture(panel);
        alice = fixture.account("alice@example.com");
        bob = fixture.account("bob@example.com");
        carol = fixture.account("carol@example.com");
        erin = fixture.account("erin@example.com");
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    private static WebClient login(String email) {
        WebClient client = panel.client();
        client.login(email, "password-123456");
        return client;
    }

    private static String page(GameServer server) {
        return "/server/" + server.identifier();
    }

    private static GameServer stored(GameServer server) {
        return fixture.service().repository().find(server.id()).orElseThrow();
    }

    private static void grant(GameServer server, String email, String permissions) {
        assertEquals(200, fixture.api(alice.key(), "POST", "/api/client/servers/" + server.identifier() + "/users",
                "{\"email\":\"" + email + "\",\"permissions\":[" + permissions + "]}").status());
    }

    @Test
    void the_owner_sees_the_startup_command_with_values_and_saves_an_editable_variable() {
        GameServer server = fixture.demoServer(alice.user().id(), false, Map.of());
        WebClient owner = login("alice@example.com");
        String body = owner.get(page(server)).body();
        assertTrue(body.contains("id=\"settings\"") && body.contains("id=\"startup-form\"") && body.contains("id=\"rename-form\""), body);
        String command = body.substring(body.indexOf("id=\"startup-command\""));
        command = command.substring(0, command.indexOf("</pre>"));
        assertTrue(command.contains("128") && !command.contains("{{MEMORY}}") && !command.contains("{{DEMO_SEED}}"),
                "placeholders filled: " + command);
        assertTrue(body.contains("name=\"var_DEMO_LOG_RATE\""), "editable variable has a field");
        assertFalse(body.contains("name=\"var_DEMO_BOOT_MILLIS\""), "a read-only variable has no field");
        assertFalse(body.contains("Change the startup command (admin)"), "only admins are offered the startup command");

        WebClient.Page saved = owner.post(page(server) + "/startup", Map.of("var_DEMO_LOG_RATE", "1200", "var_DEMO_SEED", "99"));
        assertTrue(saved.status() < 400, saved.body());
        assertEquals("1200", stored(server).variables().get("DEMO_LOG_RATE"));
        assertEquals("99", stored(server).variables().get("DEMO_SEED"));
        String after = owner.get(page(server)).body();
        assertTrue(after.contains("value=\"1200\""));
        assertTrue(after.contains("server.startup.edit"), "the edit is in the activity section");
    }

    @Test
    void a_bad_value_is_refused_with_a_message_and_nothing_typed_is_lost() {
        GameServer server = fixture.demoServer(alice.user().id(), false, Map.of());
        WebClient owner = login("alice@example.com");
        WebClient.Page refused = owner.post(page(server) + "/startup", Map.of("var_DEMO_LOG_RATE", "lots", "var_DEMO_SEED", "12345"));
        assertEquals(422, refused.status());
        assertTrue(refused.body().contains("Log rate must be an integer"), refused.body());
        assertTrue(refused.body().contains("Nothing was saved"));
        assertTrue(refused.body().contains("name=\"var_DEMO_LOG_RATE\" value=\"lots\""), "the refused text is kept");
        assertTrue(refused.body().contains("name=\"var_DEMO_SEED\" value=\"12345\""), "the valid text is kept too");
        assertEquals("600", stored(server).variables().get("DEMO_LOG_RATE"), "nothing stored");
        assertEquals("7", stored(server).variables().get("DEMO_SEED"), "all or nothing");

        WebClient.Page tooBig = owner.post(page(server) + "/startup", Map.of("var_DEMO_LOG_RATE", "60001"));
        assertEquals(422, tooBig.status());
        assertTrue(tooBig.body().contains("Log rate must be at most 60000"), tooBig.body());
    }

    @Test
    void a_read_only_or_unknown_variable_posted_by_hand_is_refused() {
        GameServer server = fixture.demoServer(alice.user().id(), false, Map.of());
        WebClient owner = login("alice@example.com");
        WebClient.Page readOnly = owner.post(page(server) + "/startup", Map.of("var_DEMO_BOOT_MILLIS", "1"));
        assertEquals(422, readOnly.status());
        assertTrue(readOnly.body().contains("DEMO_BOOT_MILLIS</code> is read-only"), readOnly.body());
        assertEquals("200", stored(server).variables().get("DEMO_BOOT_MILLIS"));
        WebClient.Page unknown = owner.post(page(server) + "/startup", Map.of("var_JAVA", "/bin/sh"));
        assertEquals(422, unknown.status());
        assertTrue(unknown.body().contains("is not a variable of this server"));
    }

    @Test
    void rename_on_the_page_is_escaped_recorded_and_a_blank_name_is_refused() {
        GameServer server = fixture.demoServer(alice.user().id(), false, Map.of());
        WebClient owner = login("alice@example.com");
        WebClient.Page renamed = owner.post(page(server) + "/settings/rename",
                Map.of("name", "<script>alert(1)</script> Survival", "description", "for friends"));
        assertTrue(renamed.status() < 400, renamed.body());
        assertEquals("<script>alert(1)</script> Survival", stored(server).name());
        assertEquals("for friends", stored(server).description());
        String body = owner.get(page(server)).body();
        assertFalse(body.contains("<script>alert(1)</script>"), "user text is escaped everywhere on the page");
        assertTrue(body.contains("&lt;script&gt;alert(1)&lt;/script&gt; Survival"));
        assertTrue(body.contains("server.settings.rename"), "the rename is in the activity section");

        WebClient.Page blank = owner.post(page(server) + "/settings/rename", Map.of("name", "   ", "description", "kept"));
        assertEquals(422, blank.status());
        assertTrue(blank.body().contains("The name is required"), blank.body());
        assertTrue(blank.body().contains(">kept</textarea>"), "the description typed is kept");
        assertEquals("<script>alert(1)</script> Survival", stored(server).name());
    }

    @Test
    void activity_is_paginated_newest_first() {
        GameServer server = fixture.demoServer(alice.user().id(), false, Map.of());
        for (int i = 1; i <= 13; i++) {
            fixture.service().rename(server, "Name " + i, null, alice.user().id(), "203.0.113.9");
        }
        WebClient owner = login("alice@example.com");
        String first = owner.get(page(server)).body();
        String section = first.substring(first.indexOf("id=\"activity\""));
        assertEquals(10, section.split("class=\"activity-row\"", -1).length - 1);
        assertTrue(section.contains("Name 13") && !section.contains("&#34;Name 2&#34;") && !section.contains("\"Name 2\""));
        assertTrue(section.contains("id=\"activity-older\"") && !section.contains("id=\"activity-newer\""));
        assertTrue(section.contains("203.0.113.9"), "the actor sees their own address");

        String second = owner.get(page(server) + "?activity=2").body();
        String rest = second.substring(second.indexOf("id=\"activity\""));
        // 13 renames + server.created = 14 entries: 4 on page two, the oldest being the creation
        assertEquals(4, rest.split("class=\"activity-row\"", -1).length - 1);
        assertTrue(rest.contains("server.created") && rest.contains("id=\"activity-newer\"") && !rest.contains("id=\"activity-older\""));

        grant(server, "erin@example.com", "\"activity.read\"");
        String erinsView = login("erin@example.com").get(page(server)).body();
        assertTrue(erinsView.contains("id=\"activity\""));
        assertFalse(erinsView.contains("203.0.113.9"), "another user's address is not shown (as Pterodactyl)");
    }

    @Test
    void a_subuser_without_the_permissions_sees_no_sections_and_the_forms_refuse() {
        GameServer server = fixture.demoServer(alice.user().id(), false, Map.of());
        grant(server, "bob@example.com", "\"control.console\"");
        WebClient subuser = login("bob@example.com");
        String body = subuser.get(page(server)).body();
        assertFalse(body.contains("id=\"settings\""), "no startup.read or settings.rename");
        assertFalse(body.contains("id=\"activity\""), "no activity.read");
        assertEquals(403, subuser.post(page(server) + "/startup", Map.of("var_DEMO_SEED", "1")).status());
        assertEquals(403, subuser.post(page(server) + "/settings/rename", Map.of("name", "mine")).status());
        assertEquals("7", stored(server).variables().get("DEMO_SEED"));

        WebClient stranger = login("carol@example.com");
        assertEquals(404, stranger.get(page(server)).status());
        assertEquals(404, stranger.post(page(server) + "/startup", Map.of("var_DEMO_SEED", "1")).status());
        assertEquals(404, stranger.post(page(server) + "/settings/rename", Map.of("name", "mine")).status());
        assertEquals("Test server", stored(server).name());
    }

    @Test
    void a_subuser_with_startup_read_only_sees_the_variables_read_only() {
        GameServer server = fixture.demoServer(alice.user().id(), false, Map.of());
        grant(server, "erin@example.com", "\"startup.read\"");
        String body = login("erin@example.com").get(page(server)).body();
        assertTrue(body.contains("id=\"startup-command\"") && body.contains("DEMO_LOG_RATE"));
        assertFalse(body.contains("name=\"var_DEMO_LOG_RATE\""), "no startup.update, no editable field");
        assertFalse(body.contains("Save variables"));
        assertFalse(body.contains("id=\"rename-form\""));
    }

    @Test
    void an_admin_is_offered_the_startup_command_edit() {
        GameServer server = fixture.demoServer(alice.user().id(), false, Map.of());
        String body = panel.admin().get(page(server)).body();
        assertTrue(body.contains("href=\"/admin/servers/" + server.id() + "\""), body);
    }
}
