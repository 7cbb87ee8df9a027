package dev.talon.core.servers.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.ServersFixture;
import dev.talon.core.testing.TestPanel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client written against Pterodactyl's documented client API, with a Bearer key, unchanged. */
class PterodactylClientApiTest {

    @TempDir
    static Path dir;
    static TestPanel panel;
    static ServersFixture fixture;
    static ServersFixture.Account alice;
    static ServersFixture.Account bob;
    static GameServer server;

    @BeforeAll
    static void start() {
        panel = TestPanel.start(dir);
        fixture = new ServersFixture(panel);
        alice = fixture.account("alice@example.com");
        bob = fixture.account("bob@example.com");
        server = fixture.demoServer(alice.user().id(), false, Map.of());
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    private String base() {
        return "/api/client/servers/" + server.identifier();
    }

    @Test
    void first_start_created_a_demo_server_owned_by_the_admin_and_left_it_offline_in_tests() {
        var admin = panel.panel().users().findByEmail(TestPanel.ADMIN_EMAIL).orElseThrow();
        var demo = fixture.service().repository().accessibleTo(admin.id());
        assertEquals(1, demo.size());
        assertEquals("demo", demo.getFirst().templateId());
        assertEquals("offline", fixture.service().state(demo.getFirst()).wireName());
    }

    @Test
    void lists_servers_in_pterodactyls_shape() {
        JsonNode list = fixture.apiJson(alice.key(), "/api/client");
        assertEquals("list", list.path("object").asText());
        assertEquals(1, list.path("data").size());
        JsonNode attributes = list.path("data").get(0).path("attributes");
        assertEquals("server", list.path("data").get(0).path("object").asText());
        assertEquals(server.identifier(), attributes.path("identifier").asText());
        assertEquals(8, attributes.path("identifier").asText().length());
        assertEquals(server.uuid().toString(), attributes.path("uuid").asText());
        assertTrue(attributes.path("server_owner").asBoolean());
        assertEquals(128, attributes.path("limits").path("memory").asInt());
        assertFalse(attributes.path("is_suspended").asBoolean());
        assertTrue(attributes.path("relationships").path("variables").path("data").size() >= 3);
        assertEquals(1, list.path("meta").path("pagination").path("total").asInt());

        assertEquals(0, fixture.apiJson(bob.key(), "/api/client").path("data").size());
    }

    @Test
    void shows_one_server_with_the_callers_permissions() {
        JsonNode body = fixture.apiJson(alice.key(), base());
        assertEquals(server.name(), body.path("attributes").path("name").asText());
        assertTrue(body.path("meta").path("is_server_owner").asBoolean());
        assertEquals("*", body.path("meta").path("user_permissions").get(0).asText());
        // Pterodactyl accepts the full uuid too
        assertEquals(200, fixture.api(alice.key(), "GET", "/api/client/servers/" + server.uuid(), null).status());
    }

    @Test
    void another_client_gets_404_on_the_server_and_everything_under_it() {
        for (String path : new String[] {"", "/resources", "/websocket", "/logs?lines=10", "/logs/read?offset=0", "/metrics", "/users"}) {
            assertEquals(404, fixture.api(bob.key(), "GET", base() + path, null).status(), path);
        }
        assertEquals(404, fixture.api(bob.key(), "POST", base() + "/power", "{\"signal\":\"start\"}").status());
        assertEquals(404, fixture.api(bob.key(), "POST", base() + "/command", "{\"command\":\"say hi\"}").status());
        assertEquals(404, fixture.api(bob.key(), "GET", "/api/client/servers/00000000", null).status());
        assertEquals(401, panel.client().send("GET", base(), null, Map.of()).status());
    }

    @Test
    void power_resources_command_and_logs_work_like_pterodactyl() {
        JsonNode offline = fixture.apiJson(alice.key(), base() + "/resources");
        assertEquals("stats", offline.path("object").asText());
        assertEquals("offline", offline.path("attributes").path("current_state").asText());
        assertEquals(0, offline.path("attributes").path("resources").path("memory_bytes").asLong());
        assertTrue(offline.path("attributes").path("resources").has("network_rx_bytes"));

        var commandWhileOffline = fixture.api(alice.key(), "POST", base() + "/command", "{\"command\":\"say early\"}");
        assertEquals(502, commandWhileOffline.status(), commandWhileOffline.body());
        assertEquals(422, fixture.api(alice.key(), "POST", base() + "/power", "{\"signal\":\"explode\"}").status());

        assertEquals(204, fixture.api(alice.key(), "POST", base() + "/power", "{\"signal\":\"start\"}").status());
        ServersFixture.await("running", Duration.ofSeconds(20), () -> "running".equals(
                fixture.apiJson(alice.key(), base() + "/resources").path("attributes").path("current_state").asText()));
        assertEquals(409, fixture.api(alice.key(), "POST", base() + "/power", "{\"signal\":\"start\"}").status());

        assertEquals(204, fixture.api(alice.key(), "POST", base() + "/command", "{\"command\":\"say hello from the api\"}").status());
        ServersFixture.await("the said line in the log", Duration.ofSeconds(10), () ->
                fixture.api(alice.key(), "GET", base() + "/logs?lines=200", null).body().contains("[Server] hello from the api"));
        var logs = fixture.api(alice.key(), "GET", base() + "/logs?lines=5", null);
        assertTrue(logs.header("Content-Type").startsWith("text/plain"), logs.header("Content-Type"));
        assertEquals(5, logs.body().split("\n").length);

        JsonNode chunk = fixture.apiJson(alice.key(), base() + "/logs/read?offset=0");
        assertTrue(chunk.path("attributes").path("lines").size() > 5);
        long next = chunk.path("attributes").path("next_offset").asLong();
        assertTrue(next > 0);
        JsonNode after = fixture.apiJson(alice.key(), base() + "/logs/read?offset=" + next);
        assertTrue(after.path("attributes").path("next_offset").asLong() >= next);

        fixture.service().node().sampleNow();
        JsonNode running = fixture.apiJson(alice.key(), base() + "/resources");
        assertTrue(running.path("attributes").path("resources").path("memory_bytes").asLong() > 0);
        assertTrue(running.path("attributes").path("resources").path("uptime").asLong() > 0);

        assertEquals(204, fixture.api(alice.key(), "POST", base() + "/power", "{\"signal\":\"stop\"}").status());
        ServersFixture.await("offline", Duration.ofSeconds(20), () -> "offline".equals(
                fixture.apiJson(alice.key(), base() + "/resources").path("attributes").path("current_state").asText()));
        ServersFixture.await("a graceful stop in the log", Duration.ofSeconds(5), () ->
                fixture.api(alice.key(), "GET", base() + "/logs?lines=50", null).body().contains("Stopping server"));
    }

    @Test
    void websocket_endpoint_returns_a_token_and_the_socket_url() {
        JsonNode body = fixture.apiJson(alice.key(), base() + "/websocket");
        assertTrue(body.path("data").path("token").asText().split("\\.").length == 3);
        assertTrue(body.path("data").path("socket").asText().matches("ws://localhost:\\d+/api/servers/" + server.uuid() + "/ws"),
                body.toString());
    }
}
