package dev.talon.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.core.db.Database;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./panel serve} stopped the way a service manager stops it (SIGTERM): the shutdown runs to
 * the end with the database still open — no errors logged, the demo server's process stopped, and
 * what the shutdown records is in the database afterwards.
 */
class GracefulShutdownTest {

    @TempDir
    Path dir;

    @Test
    void sigterm_stops_the_panel_cleanly_with_the_database_open_until_the_end() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path data = dir.resolve("data");
        Path output = dir.resolve("panel.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        var builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.talon.core.Main",
                "serve", "--port", Integer.toString(port), "--data", data.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("PANEL_ADMIN_PASSWORD", "shutdown-password-1");
        builder.environment().put("PANEL_DEMO_AUTOSTART", "true");
        builder.environment().put("PANEL_ADDONS_DIR", dir.resolve("addons").toString());
        Process panel = builder.start();
        try {
            awaitHealthy(panel, port, output);
            List<ProcessHandle> children = awaitChildren(panel);
            panel.destroy(); // SIGTERM
            assertTrue(panel.waitFor(60, TimeUnit.SECONDS), "the panel exits within a minute");
            for (ProcessHandle child : children) {
                child.onExit().get(10, TimeUnit.SECONDS);
                assertFalse(child.isAlive(), "the demo server stops with the panel");
            }
        } finally {
            panel.destroyForcibly();
        }
        String log = Files.readString(output);
        assertFalse(log.contains("ERROR"), "no error while shutting down:\n" + log);
        assertFalse(log.contains("Shutdown step failed"), log);
        assertFalse(log.contains("Database is already closed"), log);
        try (Database db = Database.open(Database.h2Url(data), null, null, 1)) {
            List<String> actions = db.jdbi().withHandle(h -> h.createQuery("SELECT action FROM activity_log ORDER BY id")
                    .mapTo(String.class).list());
            assertEquals("panel.stopped", actions.getLast(), "the shutdown's own records reached the database: " + actions);
        }
    }

    private static void awaitHealthy(Process panel, int port, Path output) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertTrue(panel.isAlive(), () -> "the panel exited early:\n" + read(output));
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the panel did not become healthy:\n" + read(output));
    }

    private static List<ProcessHandle> awaitChildren(Process panel) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> children = panel.toHandle().children().toList();
            if (!children.isEmpty()) {
                return children;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the demo server was not started");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
