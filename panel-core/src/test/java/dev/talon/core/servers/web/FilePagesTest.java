package dev.talon.core.servers.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.ServersFixture;
import dev.talon.core.testing.TestPanel;
import dev.talon.core.testing.WebClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client file manager page: browse, create a folder, edit and save text; others get 404. */
class FilePagesTest {

    @TempDir
    static Path dir;
    static TestPanel panel;
    static ServersFixture fixture;
    static GameServer server;

    @BeforeAll
    static void start() {
        panel = TestPanel.start(dir);
        fixture = new ServersFixture(panel);
        var alice = fixture.account("alice@example.com");
        fixture.account("bob@example.com");
        server = fixture.demoServer(alice.user().id(), false, Map.of());
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    @Test
    void the_owner_creates_a_folder_and_edits_a_file_through_the_page() throws IOException {
        WebClient alice = panel.client();
        alice.login("alice@example.com", "password-123456");
        String base = "/server/" + server.identifier() + "/files";
        assertEquals(200, alice.get(base).status());
        assertTrue(alice.post(base + "/folder", Map.of("directory", "/", "name", "config")).status() < 400);
        Path folder = fixture.service().node().serverDirectory(server.uuid());
        assertTrue(Files.isDirectory(folder.resolve("config")));
        Files.writeString(folder.resolve("config/motd.txt"), "<b>hello</b>");
        String listing = alice.get(base + "?directory=%2Fconfig").body();
        assertTrue(listing.contains("motd.txt"), listing);
        String editor = alice.get(base + "/edit?file=%2Fconfig%2Fmotd.txt").body();
        assertTrue(editor.contains("&lt;b&gt;hello&lt;/b&gt;"), "the content is escaped in the editor");
        assertTrue(alice.post(base + "/edit", Map.of("file", "/config/motd.txt", "content", "welcome")).status() < 400);
        assertEquals("welcome", Files.readString(folder.resolve("config/motd.txt")));
        assertEquals(400, alice.get(base + "/edit?file=..%2F..%2F..%2Fetc%2Fpasswd").status());
        assertEquals(400, alice.get(base + "?directory=%252e%252e").status());
    }

    @Test
    void another_client_gets_404_for_the_file_pages() {
        WebClient bob = panel.client();
        bob.login("bob@example.com", "password-123456");
        assertEquals(404, bob.get("/server/" + server.identifier() + "/files").status());
        assertEquals(404, bob.get("/server/" + server.identifier() + "/files/edit?file=logs%2Flatest.log").status());
    }
}
