package dev.talon.core.servers.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.ServersFixture;
import dev.talon.core.testing.TestPanel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Admin server management and the client pages, through the real forms. */
class ServerPagesTest {

    @Test
    void admin_creates_edits_suspends_and_deletes_a_server_the_owner_sees_and_others_do_not(@TempDir Path dir) {
        try (var panel = TestPanel.start(dir)) {
            var fixture = new ServersFixture(panel);
            var alice = fixture.account("alice@example.com");
            var bob = fixture.account("bob@example.com");
            var admin = panel.admin();
            admin.get("/admin/servers");
            var created = admin.post("/admin/servers", Map.of("name", "Survival", "description", "", "owner_email", "alice@example.com",
                    "template", "demo", "memory_mb", "256", "auto_restart", "on"));
            assertEquals(302, created.status(), created.body());
            GameServer server = fixture.service().repository().accessibleTo(alice.user().id()).getFirst();
            assertEquals("Survival", server.name());
            assertEquals(256, server.memoryMb());

            var bad = admin.post("/admin/servers/" + server.id(), Map.of("name", "Survival", "owner_email", "alice@example.com",
                    "template", "demo", "memory_mb", "256", "startup", server.startup(), "var_DEMO_LOG_RATE", "not-a-number"));
            assertEquals(400, bad.status());
            assertTrue(bad.body().contains("DEMO_LOG_RATE"), "the error names the variable");
            var edited = admin.post("/admin/servers/" + server.id(), Map.of("name", "Creative", "owner_email", "alice@example.com",
                    "template", "demo", "memory_mb", "512", "startup", server.startup(), "var_DEMO_LOG_RATE", "120"));
            assertEquals(302, edited.status(), edited.body());
            server = fixture.service().repository().find(server.id()).orElseThrow();
            assertEquals("Creative", server.name());
            assertEquals("120", server.variables().get("DEMO_LOG_RATE"));

            var client = panel.client();
            client.login("alice@example.com", "password-123456");
            var list = client.get("/servers");
            assertEquals(200, list.status());
            assertTrue(list.body().contains("Creative") && list.body().contains(server.identifier()));
            var page = client.get("/server/" + server.identifier());
            assertEquals(200, page.status());
            assertTrue(page.body().contains("id=\"console\"") && page.body().contains("data-power=\"start\""));
            assertTrue(page.body().contains("/assets/server-console.js"));
            assertEquals(200, client.get("/server/" + server.identifier() + "/logs?q=x").status());
            assertEquals(200, client.get("/server/" + server.identifier() + "/logs/download").status());

            var other = panel.client();
            other.login("bob@example.com", "password-123456");
            assertEquals(404, other.get("/server/" + server.identifier()).status());
            assertEquals(404, other.get("/server/" + server.identifier() + "/logs").status());
            assertEquals(404, other.get("/admin/servers").status());
            assertFalse(other.get("/servers").body().contains(server.identifier()));

            admin.get("/admin/servers/" + server.id());
            assertEquals(302, admin.post("/admin/servers/" + server.id() + "/suspend", Map.of()).status());
            var refused = fixture.api(alice.key(), "POST", "/api/client/servers/" + server.identifier() + "/power", "{\"signal\":\"start\"}");
            assertEquals(409, refused.status(), refused.body());
            assertTrue(fixture.apiJson(alice.key(), "/api/client/servers/" + server.identifier()).path("attributes").path("is_suspended").asBoolean());

            assertEquals(302, admin.post("/admin/servers/" + server.id() + "/delete", Map.of()).status());
            assertTrue(fixture.service().repository().find(server.id()).isEmpty());
            assertEquals(404, fixture.api(alice.key(), "GET", "/api/client/servers/" + server.identifier(), null).status());
        }
    }
}
