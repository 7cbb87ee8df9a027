package dev.talon.core.servers.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.ServersFixture;
import dev.talon.core.servers.node.PowerAction;
import dev.talon.core.servers.node.PowerState;
import dev.talon.core.testing.TestPanel;
import dev.talon.core.testing.WebClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schedules and subusers sections of the server page and the form routes behind them. */
class ServerSectionsTest {

    @TempDir
    static Path dir;
    static TestPanel panel;
    static ServersFixture fixture;
    static ServersFixture.Account alice;
    static ServersFixture.Account bob;
    static ServersFixture.Account carol;
    static ServersFixture.Account dave;
    static GameServer server;

    @BeforeAll
    static void start() {
        panel = TestPanel.start(dir);
        fixture = new ServersFixture(panel);
        alice = fixture.account("alice@example.com");
        bob = fixture.account("bob@example.com");
        carol = fixture.account("carol@example.com");
        dave = fixture.account("dave@example.com");
        server = fixture.demoServer(alice.user().id(), false, Map.of("DEMO_LOG_RATE", "30"));
        fixture.service().power(server, PowerAction.START, null, null);
        ServersFixture.await("running", Duration.ofSeconds(30), () -> fixture.service().state(server) == PowerState.RUNNING);
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

    private static String page() {
        return "/server/" + server.identifier();
    }

    private static boolean logged(String text) {
        try {
            return fixture.service().node().logs(server.uuid()).tail(2000).stream().anyMatch(l -> l.contains(text));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void a_schedule_created_on_the_page_runs_now_and_the_run_is_recorded() {
        WebClient owner = login("alice@example.com");
        assertTrue(owner.get(page()).body().contains("id=\"schedule-create\""));
        WebClient.Page created = owner.post(page() + "/schedules", Map.of("name", "Page tick", "minute", "*/15", "hour", "*",
                "day_of_month", "*", "month", "*", "day_of_week", "*", "task1_action", "command", "task1_payload", "say pagetick",
                "task1_offset", "0", "only_when_online", "1"));
        assertTrue(created.status() < 400, created.body());
        JsonNode list = fixture.apiJson(alice.key(), "/api/client/servers/" + server.identifier() + "/schedules").path("data");
        assertEquals(1, list.size());
        JsonNode schedule = list.get(0).path("attributes");
        assertEquals("*/15", schedule.path("cron").path("minute").asText());
        assertTrue(schedule.path("only_when_online").asBoolean());
        long id = schedule.path("id").asLong();
        String shown = owner.get(page()).body();
        assertTrue(shown.contains("Page tick") && shown.contains("*/15 * * * *") && shown.contains("say pagetick"), shown);

        assertTrue(owner.post(page() + "/schedules/" + id + "/run", Map.of()).status() < 400);
        String runs = "/api/client/servers/" + server.identifier() + "/schedules/" + id + "/runs";
        ServersFixture.await("the run recorded", Duration.ofSeconds(20), () -> {
            JsonNode data = fixture.apiJson(alice.key(), runs).path("data");
            return data.size() == 1 && data.get(0).path("attributes").path("outcome").asText().equals("ok");
        });
        ServersFixture.await("say pagetick in the log", Duration.ofSeconds(10), () -> logged("[Server] pagetick"));
        var activity = (dev.talon.core.activity.ActivityRepository) panel.panel().activity();
        assertTrue(activity.search(new dev.talon.core.activity.ActivityRepository.Filter(null, "server.schedule.run-now", null, null), 10, 0)
                .size() == 1, "run now is in the activity log");

        assertTrue(owner.post(page() + "/schedules/" + id + "/delete", Map.of()).status() < 400);
        assertEquals(0, fixture.apiJson(alice.key(), "/api/client/servers/" + server.identifier() + "/schedules").path("data").size());
    }

    @Test
    void a_subuser_added_on_the_page_can_send_console_commands_but_not_stop() {
        WebClient owner = login("alice@example.com");
        assertTrue(owner.get(page()).body().contains("id=\"subuser-add\""));
        WebClient.Page added = owner.post(page() + "/users", Map.of("email", "bob@example.com", "permissions", "control.console"));
        assertTrue(added.status() < 400, added.body());
        assertTrue(owner.get(page()).body().contains("bob@example.com"));

        String api = "/api/client/servers/" + server.identifier();
        assertEquals(204, fixture.api(bob.key(), "POST", api + "/command", "{\"command\":\"say from-bob\"}").status());
        ServersFixture.await("bob's command in the log", Duration.ofSeconds(10), () -> logged("[Server] from-bob"));
        assertEquals(403, fixture.api(bob.key(), "POST", api + "/power", "{\"signal\":\"stop\"}").status());
        assertFalse(login("bob@example.com").get(page()).body().contains("id=\"subusers\""), "no user.read, no subusers section");
    }

    @Test
    void a_user_without_user_create_sees_no_add_form_and_the_route_refuses() {
        String api = "/api/client/servers/" + server.identifier();
        assertEquals(200, fixture.api(alice.key(), "POST", api + "/users",
                "{\"email\":\"carol@example.com\",\"permissions\":[\"user.read\",\"schedule.read\"]}").status());
        WebClient subuser = login("carol@example.com");
        String body = subuser.get(page()).body();
        assertTrue(body.contains("id=\"subusers\"") && body.contains("id=\"schedules\""), "user.read and schedule.read show the sections");
        assertFalse(body.contains("id=\"subuser-add\""));
        assertFalse(body.contains("id=\"schedule-create\""));
        assertEquals(403, subuser.post(page() + "/users", Map.of("email", "dave@example.com", "permissions", "user.read")).status());
        assertEquals(403, subuser.post(page() + "/schedules", Map.of("name", "x", "task1_payload", "say x")).status());

        WebClient stranger = login("dave@example.com");
        assertEquals(404, stranger.post(page() + "/users", Map.of("email", "dave@example.com")).status());
        assertEquals(404, stranger.post(page() + "/schedules/1/run", Map.of()).status());
    }
}
