package dev.talon.core.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.api.servers.ServerActions;
import dev.talon.api.servers.ServerActions.ActionRefused;
import dev.talon.api.servers.ServerActions.ActionRefused.Reason;
import dev.talon.api.servers.ServerActions.Capability;
import dev.talon.core.servers.node.PowerState;
import dev.talon.core.testing.TestPanel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What add-ons get as {@code AddonContext.serverActions()}: the host's own look-up and permission
 * checks for a given user, on a real panel with a real demo server.
 */
class AddonServerActionsTest {

    @Test
    void acts_as_the_user_with_the_hosts_permission_checks(@TempDir Path dir) {
        try (var panel = TestPanel.start(dir.resolve("panel"))) {
            var fixture = new ServersFixture(panel);
            var alice = fixture.account("alice@example.com");
            var bob = fixture.account("bob@example.com");
            var sub = fixture.account("sub@example.com");
            GameServer server = fixture.demoServer(alice.user().id(), false, Map.of());
            GameServer bobs = fixture.demoServer(bob.user().id(), false, Map.of());
            var added = fixture.api(alice.key(), "POST", "/api/client/servers/" + server.identifier() + "/users",
                    "{\"email\":\"sub@example.com\",\"permissions\":[\"control.start\",\"websocket.connect\"]}");
            assertEquals(200, added.status(), added.body());
            ServerActions actions = panel.panel().servers().actions(id -> panel.panel().users().find(id)
                    .map(dev.talon.core.auth.User::toPanelUser));

            assertEquals(List.of(server.identifier()), actions.servers(alice.user().id()).stream()
                    .map(ServerActions.ServerStatus::identifier).toList(), "only the servers the user sees");
            assertEquals(Reason.NOT_FOUND, assertThrows(ActionRefused.class,
                    () -> actions.power(alice.user().id(), bobs.identifier(), "start")).reason());
            ActionRefused refused = assertThrows(ActionRefused.class,
                    () -> actions.check(sub.user().id(), server.identifier(), Capability.RESTART));
            assertEquals(Reason.NOT_PERMITTED, refused.reason());
            assertEquals("control.restart", refused.permission());
            assertEquals(Reason.INVALID, assertThrows(ActionRefused.class,
                    () -> actions.power(alice.user().id(), server.identifier(), "explode")).reason());
            assertEquals(Reason.OFFLINE, assertThrows(ActionRefused.class,
                    () -> actions.command(alice.user().id(), server.identifier(), "say hi")).reason());
            assertEquals(Reason.INVALID, assertThrows(ActionRefused.class,
                    () -> actions.validateSchedule("Nightly", "0 25 * * *", "power", "restart")).reason());

            actions.power(sub.user().id(), server.uuid().toString(), "start");
            ServersFixture.await("running", Duration.ofSeconds(20), () -> fixture.service().state(server) == PowerState.RUNNING);
            assertTrue(panel.panel().activity().since(0, "server.power.start", 10).stream()
                    .anyMatch(e -> e.actorId() != null && e.actorId() == sub.user().id()), "the host's entry, with the user as actor");

            var created = actions.createSchedule(alice.user().id(), server.identifier(), "Daily restart", "0 4 * * *", "power", "restart");
            assertEquals(List.of("power: restart"), created.tasks());
            assertEquals(1, actions.schedules(alice.user().id(), server.identifier()).size());
            assertEquals(Reason.NOT_FOUND, assertThrows(ActionRefused.class,
                    () -> actions.deleteSchedule(bob.user().id(), server.identifier(), created.id())).reason());
            actions.deleteSchedule(alice.user().id(), server.identifier(), created.id());
            assertTrue(actions.schedules(alice.user().id(), server.identifier()).isEmpty());
        }
    }
}
