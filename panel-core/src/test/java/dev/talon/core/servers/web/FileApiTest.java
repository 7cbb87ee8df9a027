package dev.talon.core.servers.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.ServersFixture;
import dev.talon.core.testing.TestPanel;
import dev.talon.core.testing.WebClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance 4: Pterodactyl's file API inside the server folder only; client B gets 404 on A's files. */
class FileApiTest {

    private static final String SECRET = "outside secret";

    @TempDir
    static Path dir;
    static TestPanel panel;
    static ServersFixture fixture;
    static ServersFixture.Account alice;
    static ServersFixture.Account bob;
    static GameServer server;
    static Path folder;
    static Path outside;
    static Path sentinel;

    @BeforeAll
    static void start() throws IOException {
        panel = TestPanel.start(dir.resolve("panel"));
        fixture = new ServersFixture(panel);
        alice = fixture.account("alice@example.com");
        bob = fixture.account("bob@example.com");
        server = fixture.demoServer(alice.user().id(), false, Map.of());
        folder = fixture.service().node().serverDirectory(server.uuid());
        Files.createDirectories(folder);
        outside = Files.createDirectories(dir.resolve("outside"));
        sentinel = Files.writeString(outside.resolve("sentinel.txt"), SECRET);
        Files.createSymbolicLink(folder.resolve("link-out.txt"), sentinel);
        Files.createSymbolicLink(folder.resolve("dir-out"), outside);
        Files.createSymbolicLink(folder.resolve("dangling"), outside.resolve("not-yet.txt"));
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    private static String files(String rest) {
        return "/api/client/servers/" + server.identifier() + "/files/" + rest;
    }

    private static WebClient.Page call(ServersFixture.Account who, String method, String path, String json) {
        return fixture.api(who.key(), method, path, json);
    }

    private static WebClient.Page writeText(String file, String text) {
        var request = new Request.Builder().url(panel.baseUrl() + files("write?file=" + file))
                .header("Authorization", "Bearer " + alice.key())
                .post(RequestBody.create(text, MediaType.get("text/plain"))).build();
        return panel.client().send(request);
    }

    @Test
    void the_owner_lists_writes_reads_renames_downloads_and_deletes_inside_the_folder() {
        assertEquals(204, call(alice, "POST", files("create-folder"), "{\"root\":\"/\",\"name\":\"config\"}").status());
        assertEquals(204, writeText("/config/server.properties", "motd=hello\n").status());
        JsonNode list = ServersFixture.read(call(alice, "GET", files("list?directory=/config"), null).body());
        assertEquals("list", list.path("object").asText());
        JsonNode entry = list.path("data").get(0);
        assertEquals("file_object", entry.path("object").asText());
        assertEquals("server.properties", entry.path("attributes").path("name").asText());
        assertTrue(entry.path("attributes").path("is_file").asBoolean());
        assertEquals(11, entry.path("attributes").path("size").asLong());

        assertEquals("motd=hello\n", call(alice, "GET", files("contents?file=/config/server.properties"), null).body());
        assertEquals(204, call(alice, "PUT", files("rename"),
                "{\"root\":\"/config\",\"files\":[{\"from\":\"server.properties\",\"to\":\"old.properties\"}]}").status());
        String url = ServersFixture.read(call(alice, "GET", files("download?file=/config/old.properties"), null).body())
                .path("attributes").path("url").asText();
        assertEquals("motd=hello\n", call(alice, "GET", url, null).body());
        assertEquals(204, call(alice, "POST", files("delete"), "{\"root\":\"/\",\"files\":[\"config\"]}").status());
        assertFalse(Files.exists(folder.resolve("config")));

        List<String> actions = panel.panel().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT action FROM activity_log WHERE subject = :s ORDER BY id").bind("s", server.subject()).mapTo(String.class).list());
        assertTrue(actions.containsAll(List.of("server.file.create-directory", "server.file.write", "server.file.rename",
                "server.file.delete")), actions.toString());
    }

    @Test
    void uploads_land_in_the_chosen_folder() throws IOException {
        var body = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("files", "plugin.yml", RequestBody.create("name: x\n", MediaType.get("text/plain"))).build();
        var request = new Request.Builder().url(panel.baseUrl() + files("upload?directory=/uploads"))
                .header("Authorization", "Bearer " + alice.key()).post(body).build();
        assertEquals(204, panel.client().send(request).status());
        assertEquals("name: x\n", Files.readString(folder.resolve("uploads/plugin.yml")));
    }

    @Test
    void writes_and_uploads_of_scripts_are_recorded_with_their_path_and_a_shebang_mark() {
        assertEquals(204, writeText("/start.sh", "#!/bin/sh\necho hi\n").status());
        assertEquals(204, writeText("/notes.txt", "just text\n").status());
        var body = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("files", "run", RequestBody.create("#!/usr/bin/env python3\n", MediaType.get("text/plain")))
                .addFormDataPart("files", "readme.md", RequestBody.create("# hi\n", MediaType.get("text/plain"))).build();
        var request = new Request.Builder().url(panel.baseUrl() + files("upload?directory=/bin"))
                .header("Authorization", "Bearer " + alice.key()).post(body).build();
        assertEquals(204, panel.client().send(request).status());

        List<String> metadata = panel.panel().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT action || ' ' || metadata FROM activity_log WHERE subject = :s AND action IN ('server.file.write', 'server.file.upload')"
                        + " ORDER BY id").bind("s", server.subject()).mapTo(String.class).list());
        assertTrue(metadata.stream().anyMatch(m -> m.startsWith("server.file.write") && m.contains("\"/start.sh\"")
                && m.contains("\"shebang\":true")), metadata.toString());
        assertTrue(metadata.stream().anyMatch(m -> m.startsWith("server.file.write") && m.contains("\"/notes.txt\"")
                && !m.contains("shebang")), metadata.toString());
        assertTrue(metadata.stream().anyMatch(m -> m.startsWith("server.file.upload") && m.contains("\"shebang\":[\"run\"]")),
                metadata.toString());
    }

    @Test
    void traversal_probes_are_refused_and_nothing_outside_is_read() {
        String abs = URLEncoder.encode(sentinel.toString(), StandardCharsets.UTF_8);
        for (String probe : List.of("../../outside/sentinel.txt", "/../../outside/sentinel.txt", "config/../../x",
                "%2e%2e/%2e%2e/outside/sentinel.txt", "%252e%252e/%252e%252e/outside/sentinel.txt", "..%2f..%2foutside%2fsentinel.txt",
                "a%00b", "link-out.txt", "dir-out/sentinel.txt", "dangling", abs)) {
            for (String read : List.of("contents?file=", "download?file=", "raw?file=", "list?directory=")) {
                WebClient.Page page = call(alice, "GET", files(read + probe), null);
                assertTrue(page.status() == 400 || page.status() == 404, read + probe + " answered " + page.status());
                assertFalse(page.body().contains(SECRET), read + probe + " leaked the file outside");
            }
        }
    }

    @Test
    void writes_renames_and_deletes_through_probes_leave_the_outside_untouched() throws IOException {
        for (String probe : List.of("../../outside/sentinel.txt", "%2e%2e/%2e%2e/outside/sentinel.txt",
                "%252e%252e/%252e%252e/outside/sentinel.txt", "link-out.txt", "dir-out/sentinel.txt", "dir-out/new.txt", "dangling")) {
            int write = writeText(probe, "overwritten").status();
            assertTrue(write == 400 || write == 404, "write " + probe + " answered " + write);
            int delete = call(alice, "POST", files("delete"), "{\"root\":\"/dir-out\",\"files\":[\"sentinel.txt\"]}").status();
            assertEquals(400, delete);
            int rename = call(alice, "PUT", files("rename"),
                    "{\"root\":\"/\",\"files\":[{\"from\":\"" + probe + "\",\"to\":\"stolen.txt\"}]}").status();
            assertTrue(rename == 400 || rename == 404, "rename " + probe + " answered " + rename);
            int renameOut = call(alice, "PUT", files("rename"),
                    "{\"root\":\"/\",\"files\":[{\"from\":\"logs\",\"to\":\"" + probe + "\"}]}").status();
            assertTrue(renameOut == 400 || renameOut == 404 || renameOut == 409, "rename to " + probe + " answered " + renameOut);
            assertEquals(400, call(alice, "POST", files("create-folder"), "{\"root\":\"/dir-out\",\"name\":\"x\"}").status());
        }
        assertEquals(SECRET, Files.readString(sentinel));
        try (var listing = Files.list(outside)) {
            assertEquals(List.of(sentinel), listing.toList());
        }
        assertFalse(Files.exists(folder.resolve("stolen.txt")));
    }

    @Test
    void another_client_gets_404_and_a_subuser_needs_file_permissions() {
        for (String path : List.of("list?directory=/", "contents?file=logs/latest.log", "download?file=x")) {
            assertEquals(404, call(bob, "GET", files(path), null).status(), path);
        }
        assertEquals(404, call(bob, "POST", files("create-folder"), "{\"root\":\"/\",\"name\":\"b\"}").status());

        ServersFixture.Account carol = fixture.account("carol@example.com");
        assertEquals(200, call(alice, "POST", "/api/client/servers/" + server.identifier() + "/users",
                "{\"email\":\"carol@example.com\",\"permissions\":[\"file.read\"]}").status());
        assertEquals(200, call(carol, "GET", files("list?directory=/"), null).status());
        assertEquals(403, call(carol, "GET", files("contents?file=logs/latest.log"), null).status());
        assertEquals(403, call(carol, "POST", files("create-folder"), "{\"root\":\"/\",\"name\":\"c\"}").status());
        assertEquals(403, call(carol, "POST", files("delete"), "{\"root\":\"/\",\"files\":[\"logs\"]}").status());
    }

    @Test
    void text_over_the_limit_is_refused() throws IOException {
        Files.write(folder.resolve("big.bin"), new byte[(int) dev.talon.core.servers.files.ServerFiles.TEXT_LIMIT + 1]);
        assertEquals(413, call(alice, "GET", files("contents?file=big.bin"), null).status());
    }
}
