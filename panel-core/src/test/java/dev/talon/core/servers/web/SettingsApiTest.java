package dev.talon.core.servers.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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

/** Pterodactyl's client API for startup variables, rename and a server's activity. */
class SettingsApiTest {

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

    private static String api(GameServer server) {
        return "/api/client/servers/" + server.identifier();
    }

    private static GameServer stored(GameServer server) {
        return fixture.service().repository().find(server.id()).orElseThrow();
    }

    private static WebClient.Page put(String key, GameServer server, String variable, String value) {
        return fixture.api(key, "PUT", api(server) + "/startup/variable", "{\"key\":\"" + variable + "\",\"value\":\"" + value + "\"}");
    }

    private static void grant(GameServer server, String email, String permissions) {
        assertEquals(200, fixture.api(alice.key(), "POST", api(server) + "/users",
                "{\"email\":\"" + email + "\",\"permissions\":[" + permissions + "]}").status());
    }

    @Test
    void startup_lists_viewable_variables_and_the_filled_command_in_pterodactyls_shape() {
        GameServer server = fixture.demoServer(alice.user().id(), false, Map.of());
        JsonNode startup = fixture.apiJson(alice.key(), api(server) + "/startup");
        assertEquals("list", startup.path("object").asText());
        JsonNode first = startup.path("data").get(0);
        assertEquals("egg_variable", first.path("object").asText());
        JsonNode seed = first.path("attributes");
        assertEquals("DEMO_SEED", seed.path("env_variable").asText());
        assertEquals("7", seed.path("server_value").asText());
        assertEquals("42", seed.path("default_value").asText());
        assertTrue(seed.path("is_editable").asBoolean());
        assertTrue(seed.path("rules").asText().startsWith("required|integer"));
        String command = startup.path("meta").path("startup_command").asText();
        assertTrue(command.contains("128") && !command.contains("{{DEMO_SEED}}"), command);
        assertTrue(startup.path("meta").path("raw_startup_command").asText().contains("{{"));
        assertTrue(startup.path("meta").has("docker_images"));
    }

    @Test
    void an_editable_variable_is_updated_and_the_new_command_returned() {
        GameServer server = fixture.demoServer(alice.user().id(), false, Map.of());
        WebClient.Page updated = put(alice.key(), server, "DEMO_LOG_RATE", "900");
        assertEquals(200, updated.status(), updated.body());
        JsonNode body = ServersFixture.read(updated.body());
        assertEquals("egg_variable", body.path("object").asText());
        assertEquals("900", body.path("attributes").path("server_value").asText());
        assertTrue(body.path("meta").has("startup_command") && body.path("meta").has("raw_startup_command"));
        assertEquals("900", stored(server).variables().get("DEMO_LOG_RATE"));
    }

    @Test
    void a_read_only_or_unknown_variable_is_refused_with_400() {
        GameServer server = fixture.demoServer(alice.user().id(), false, Map.of());
        WebClient.Page readOnly = put(alice.key(), server, "DEMO_BOOT_MILLIS", "1");
        assertEquals(400, readOnly.status());
        assertTrue(readOnly.body().contains("is read-only"), readOnly.body());
        WebClient.Page unknown = put(alice.key(), server, "JAVA", "/bin/sh");
        assertEquals(400, unknown.status());
        assertTrue(unknown.body().contains("does not exist"), unknown.body());
        assertEquals("200", stored(server).variables().get("DEMO_BOOT_MILLIS"));
    }

    @Test
    void a_bad_value_is_refused_with_422_naming_the_rule_and_nothing_changes() {
        GameServer server = fixture.demoServer(alice.user().id(), false, Map.of());
        WebClient.Page notNumber = put(alice.key(), server, "DEMO_LOG_RATE", "fast");
        assertEquals(422, notNumber.status());
        assertEquals("DEMO_LOG_RATE must be an integer", ServersFixture.read(notNumber.body()).path("error").asText());
        WebClient.Page tooBig = put(alice.key(), server, "DEMO_LOG_RATE", "60001");
        assertEquals(422, tooBig.status());
        assertTrue(tooBig.body().contains("must be at most 60000"), tooBig.body());
        assertEquals("600", stored(server).variables().get("DEMO_LOG_RATE"));
    }

    @Test
    void rename_answers_204_and_the_activity_lists_it_with_the_old_and_new_name() {
        GameServer server = fixture.demoServer(alice.user().id(), false, Map.of());
        assertEquals(204, fixture.api(alice.key(), "POST", api(server) + "/settings/rename",
                "{\"name\":\"Creative\",\"description\":\"build only\"}").status());
        assertEquals("Creative", stored(server).name());
        assertEquals(422, fixture.api(alice.key(), "POST", api(server) + "/settings/rename", "{\"name\":\"\"}").status());

        JsonNode activity = fixture.apiJson(alice.key(), api(server) + "/activity?per_page=1");
        assertEquals(2, activity.path("meta").path("pagination").path("total").asInt(), "created + renamed");
        assertEquals(2, activity.path("meta").path("pagination").path("total_pages").asInt());
        JsonNode newest = activity.path("data").get(0);
        assertEquals("activity_log", newest.path("object").asText());
        assertEquals("server.settings.rename", newest.path("attributes").path("event").asText());
        assertEquals("Test server", newest.path("attributes").path("properties").path("old").asText());
        assertEquals("Creative", newest.path("attributes").path("properties").path("new").asText());
        JsonNode older = fixture.apiJson(alice.key(), api(server) + "/activity?per_page=1&page=2").path("data").get(0);
        assertEquals("server.created", older.path("attributes").path("event").asText());

        grant(server, "erin@example.com", "\"activity.read\"");
        JsonNode seenByErin = fixture.apiJson(erin.key(), api(server) + "/activity").path("data");
        assertTrue(seenByErin.size() >= 3, "the subuser grant is listed as well");
        for (JsonNode entry : seenByErin) {
            assertTrue(entry.path("attributes").path("ip").isNull(), "another user's address is hidden: " + entry);
        }
    }

    @Test
    void a_subuser_without_the_permissions_gets_403_and_client_b_gets_404() {
        GameServer server = fixture.demoServer(alice.user().id(), false, Map.of());
        grant(server, "bob@example.com", "\"control.console\",\"startup.read\"");
        assertEquals(200, fixture.api(bob.key(), "GET", api(server) + "/startup", null).status(), "startup.read is enough to read");
        assertEquals(403, put(bob.key(), server, "DEMO_SEED", "1").status(), "startup.update is needed to change");
        assertEquals(403, fixture.api(bob.key(), "POST", api(server) + "/settings/rename", "{\"name\":\"x\"}").status());
        assertEquals(403, fixture.api(bob.key(), "GET", api(server) + "/activity", null).status());
        assertEquals("7", stored(server).variables().get("DEMO_SEED"));

        assertEquals(404, fixture.api(carol.key(), "GET", api(server) + "/startup", null).status());
        assertEquals(404, put(carol.key(), server, "DEMO_SEED", "1").status());
        assertEquals(404, fixture.api(carol.key(), "POST", api(server) + "/settings/rename", "{\"name\":\"x\"}").status());
        assertEquals(404, fixture.api(carol.key(), "GET", api(server) + "/activity", null).status());
        assertEquals("Test server", stored(server).name());
        assertFalse(fixture.api(carol.key(), "GET", api(server) + "/activity", null).body().contains("server.created"));
    }
}
