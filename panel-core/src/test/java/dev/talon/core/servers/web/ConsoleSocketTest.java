package dev.talon.core.servers.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.ServersFixture;
import dev.talon.core.servers.node.PowerState;
import dev.talon.core.testing.TestPanel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console WebSocket with Wings' event shapes, permissions per message, and crash handling. */
class ConsoleSocketTest {

    @TempDir
    static Path dir;
    static TestPanel panel;
    static ServersFixture fixture;
    static ServersFixture.Account alice;
    static ServersFixture.Account bob;
    static ServersFixture.Account carol;

    @BeforeAll
    static void start() {
        panel = TestPanel.start(dir);
        fixture = new ServersFixture(panel);
        alice = fixture.account("alice@example.com");
        bob = fixture.account("bob@example.com");
        carol = fixture.account("carol@example.com");
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    private WsClient connect(ServersFixture.Account account, GameServer server) {
        JsonNode ws = fixture.apiJson(account.key(), "/api/client/servers/" + server.identifier() + "/websocket");
        WsClient client = new WsClient(ws.path("data").path("socket").asText());
        client.send("auth", ws.path("data").path("token").asText());
        client.await("auth success", f -> f.event().equals("auth success"));
        return client;
    }

    @Test
    void start_from_the_socket_streams_the_console_and_say_hello_appears_then_stop_is_graceful() {
        GameServer server = fixture.demoServer(alice.user().id(), false, Map.of());
        try (WsClient console = connect(alice, server); WsClient second = connect(alice, server)) {
            console.await("initial status", f -> f.event().equals("status") && f.arg().equals("offline"));
            console.send("set state", "start");
            console.await("running", f -> f.event().equals("status") && f.arg().equals("running"));
            console.await("the done line", f -> f.event().equals("console output") && f.arg().contains("Done ("));
            second.await("the done line on a second viewer", f -> f.event().equals("console output") && f.arg().contains("Done ("));

            console.send("send command", "say hello");
            console.await("hello", f -> f.event().equals("console output") && f.arg().contains("[Server] hello"));
            second.await("hello on the second viewer", f -> f.event().equals("console output") && f.arg().contains("[Server] hello"));

            console.send("send command", "x".repeat(5000));
            console.await("too long refused", f -> f.event().equals("daemon error") && f.arg().contains("refused"));

            console.send("send stats");
            JsonNode stats = ServersFixture.read(console.await("stats", f -> f.event().equals("stats")
                    && f.arg().contains("\"running\"")).arg());
            assertTrue(stats.has("memory_bytes") && stats.has("cpu_absolute") && stats.has("network") && stats.has("uptime"));

            console.send("set state", "stop");
            console.await("stopping", f -> f.event().equals("status") && f.arg().equals("stopping"));
            // status frames travel in order with the lines: once "offline" is there, so are the last lines
            assertLinesBeforeOffline(awaitOfflineAfterStopping(console), "Stopping server");
        }
        ServersFixture.await("no crash entry", Duration.ofSeconds(1), () -> true);
        assertFalse(panel.panel().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM activity_log WHERE action = 'server.crashed' AND subject = :s")
                .bind("s", server.subject()).mapTo(Integer.class).one()) > 0, "a graceful stop is no crash");
    }

    /** Waits for an "offline" status after a "stopping" one; returns the frames from "stopping" on, as received then. */
    private static List<WsClient.Frame> awaitOfflineAfterStopping(WsClient console) {
        ServersFixture.await("offline after stopping", Duration.ofSeconds(30), () -> fromStopping(console.frames()).stream()
                .anyMatch(f -> f.event().equals("status") && f.arg().equals("offline")));
        return fromStopping(console.frames());
    }

    private static List<WsClient.Frame> fromStopping(List<WsClient.Frame> frames) {
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).event().equals("status") && frames.get(i).arg().equals("stopping")) {
                return frames.subList(i, frames.size());
            }
        }
        return List.of();
    }

    /** Every console line of the run came before the last "offline"; {@code lastLine} and the exit line among them. */
    private static void assertLinesBeforeOffline(List<WsClient.Frame> frames, String lastLine) {
        int offline = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).event().equals("status") && frames.get(i).arg().equals("offline")) {
                offline = i;
            }
        }
        assertTrue(offline > 0, "an offline status: " + frames);
        List<WsClient.Frame> before = frames.subList(0, offline);
        assertTrue(before.stream().anyMatch(f -> f.event().equals("console output") && f.arg().contains(lastLine)),
                "'" + lastLine + "' before offline");
        assertTrue(before.stream().anyMatch(f -> f.event().equals("console output") && f.arg().contains("exited with code")),
                "the exit line before offline");
        assertFalse(frames.subList(offline, frames.size()).stream().anyMatch(f -> f.event().equals("console output")),
                "no console line after offline");
    }

    @Test
    void under_a_flood_of_output_the_last_lines_reach_the_viewer_before_the_offline_status() {
        // 60,000 lines a minute keeps the viewer's queue busy while the process exits
        GameServer server = fixture.demoServer(alice.user().id(), false, Map.of("DEMO_LOG_RATE", "60000"));
        for (int round = 0; round < 3; round++) {
            try (WsClient console = connect(alice, server)) {
                console.send("set state", "start");
                console.await("running", f -> f.event().equals("status") && f.arg().equals("running"));
                console.send("set state", "stop");
                assertLinesBeforeOffline(awaitOfflineAfterStopping(console), "Stopping server");
            }
        }
    }

    @Test
    void a_late_viewer_gets_the_recent_lines_on_connect() {
        GameServer server = fixture.demoServer(alice.user().id(), false, Map.of());
        fixture.service().power(server, dev.talon.core.servers.node.PowerAction.START, null, null);
        ServersFixture.await("running", Duration.ofSeconds(20), () -> fixture.service().state(server) == PowerState.RUNNING);
        try (WsClient late = connect(alice, server)) {
            late.await("the boot lines replayed", f -> f.event().equals("console output") && f.arg().contains("Starting minecraft server"));
            late.send("send logs"); // Pterodactyl's client asks right after auth; the replay already happened
        } finally {
            fixture.service().node().kill(server.uuid()).join();
        }
    }

    @Test
    void a_token_for_another_server_or_a_forged_one_is_refused() {
        GameServer alices = fixture.demoServer(alice.user().id(), false, Map.of());
        GameServer bobs = fixture.demoServer(bob.user().id(), false, Map.of());
        JsonNode bobWs = fixture.apiJson(bob.key(), "/api/client/servers/" + bobs.identifier() + "/websocket");
        String bobToken = bobWs.path("data").path("token").asText();
        String alicesSocket = bobWs.path("data").path("socket").asText().replace(bobs.uuid().toString(), alices.uuid().toString());
        try (WsClient intruder = new WsClient(alicesSocket)) {
            intruder.send("auth", bobToken);
            intruder.await("jwt error", f -> f.event().equals("jwt error"));
            intruder.send("set state", "start");
            intruder.send("send command", "say pwned");
            intruder.await("still refused", f -> f.event().equals("jwt error") && f.arg().contains("Authenticate first"));
            String[] parts = bobToken.split("\\.");
            intruder.send("auth", parts[0] + "." + parts[1] + "." + "AAAA" + parts[2].substring(4));
            assertFalse(intruder.saw(f -> f.event().equals("auth success")));
        }
        assertEquals(PowerState.OFFLINE, fixture.service().state(alices));
        try (WsClient unknown = new WsClient(alicesSocket.replace(alices.uuid().toString(), java.util.UUID.randomUUID().toString()))) {
            ServersFixture.await("404 on upgrade", Duration.ofSeconds(5), () -> unknown.closeCode == 404);
        }
    }

    @Test
    void a_subuser_with_only_control_console_can_send_commands_but_not_stop() {
        GameServer server = fixture.demoServer(alice.user().id(), false, Map.of());
        String base = "/api/client/servers/" + server.identifier();
        var added = fixture.api(alice.key(), "POST", base + "/users",
                "{\"email\":\"carol@example.com\",\"permissions\":[\"control.console\"]}");
        assertEquals(200, added.status(), added.body());
        assertTrue(added.body().contains("control.console"));

        fixture.service().power(server, dev.talon.core.servers.node.PowerAction.START, null, null);
        ServersFixture.await("running", Duration.ofSeconds(20), () -> fixture.service().state(server) == PowerState.RUNNING);
        try {
            assertEquals(204, fixture.api(carol.key(), "POST", base + "/command", "{\"command\":\"say from carol\"}").status());
            assertEquals(403, fixture.api(carol.key(), "POST", base + "/power", "{\"signal\":\"stop\"}").status());
            assertEquals(403, fixture.api(carol.key(), "POST", base + "/power", "{\"signal\":\"kill\"}").status());
            assertEquals(403, fixture.api(carol.key(), "GET", base + "/logs", null).status());
            assertEquals(403, fixture.api(carol.key(), "GET", base + "/users", null).status());
            assertEquals(200, fixture.api(carol.key(), "GET", base + "/resources", null).status());
            assertTrue(fixture.apiJson(carol.key(), "/api/client").path("data").findValuesAsText("identifier").contains(server.identifier()));

            try (WsClient console = connect(carol, server)) {
                console.send("send command", "say carol via socket");
                console.await("carol's line", f -> f.event().equals("console output") && f.arg().contains("[Server] carol via socket"));
                console.send("set state", "stop");
                console.await("refused", f -> f.event().equals("daemon error") && f.arg().contains("control.stop"));
            }
            assertEquals(PowerState.RUNNING, fixture.service().state(server));
        } finally {
            fixture.service().node().kill(server.uuid()).join();
        }
    }

    @Test
    void a_subuser_can_never_grant_what_they_do_not_hold() {
        GameServer server = fixture.demoServer(alice.user().id(), false, Map.of());
        String base = "/api/client/servers/" + server.identifier();
        assertEquals(200, fixture.api(alice.key(), "POST", base + "/users",
                "{\"email\":\"bob@example.com\",\"permissions\":[\"user.create\",\"control.console\"]}").status());
        var escalation = fixture.api(bob.key(), "POST", base + "/users",
                "{\"email\":\"carol@example.com\",\"permissions\":[\"control.stop\"]}");
        assertEquals(403, escalation.status(), escalation.body());
        var unknown = fixture.api(alice.key(), "POST", base + "/users/" + bob.user().id(),
                "{\"permissions\":[\"root.everything\"]}");
        assertEquals(403, unknown.status());
        assertEquals(200, fixture.api(bob.key(), "POST", base + "/users",
                "{\"email\":\"carol@example.com\",\"permissions\":[\"control.console\"]}").status());
    }

    @Test
    void a_killed_process_is_a_crash_with_an_activity_entry_restarted_once_but_not_in_a_loop() {
        GameServer server = fixture.demoServer(alice.user().id(), true, Map.of());
        fixture.service().power(server, dev.talon.core.servers.node.PowerAction.START, null, null);
        ServersFixture.await("running", Duration.ofSeconds(20), () -> fixture.service().state(server) == PowerState.RUNNING);
        try (WsClient console = connect(alice, server)) {
            long pid = fixture.service().node().pid(server.uuid()).orElseThrow();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            ServersFixture.await("a new process", Duration.ofSeconds(20), () -> fixture.service().node().pid(server.uuid()).isPresent()
                    && fixture.service().node().pid(server.uuid()).getAsLong() != pid
                    && fixture.service().state(server) == PowerState.RUNNING);
            long second = fixture.service().node().pid(server.uuid()).getAsLong();
            ProcessHandle.of(second).orElseThrow().destroyForcibly();
            ServersFixture.await("offline after the second crash", Duration.ofSeconds(20),
                    () -> fixture.service().state(server) == PowerState.OFFLINE);
            ServersFixture.await("two crash entries", Duration.ofSeconds(10), () -> crashes(server) == 2);
            console.await("offline on the socket", f -> f.event().equals("status") && f.arg().equals("offline"));
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertEquals(PowerState.OFFLINE, fixture.service().state(server), "no restart loop");
        }
        String metadata = panel.panel().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT metadata FROM activity_log WHERE action = 'server.crashed' AND subject = :s ORDER BY id")
                .bind("s", server.subject()).mapTo(String.class).list()).getFirst();
        assertTrue(metadata.contains("\"exit_code\":137") && metadata.contains("\"auto_restarting\":true"), metadata);
    }

    private static int crashes(GameServer server) {
        return panel.panel().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM activity_log WHERE action = 'server.crashed' AND subject = :s")
                .bind("s", server.subject()).mapTo(Integer.class).one());
    }
}
