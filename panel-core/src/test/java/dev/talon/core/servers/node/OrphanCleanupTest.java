package dev.talon.core.servers.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class OrphanCleanupTest {

    @TempDir
    Path dataDir;

    @Test
    void a_server_left_running_by_a_killed_panel_is_killed_when_the_node_opens_again() throws Exception {
        UUID id = UUID.randomUUID();
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process panel = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                OrphanMaker.class.getName(), dataDir.toString(), id.toString()).redirectErrorStream(true).start();
        long serverPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(panel.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            while (line != null && !line.startsWith("RUNNING ")) {
                line = out.readLine();
            }
            assertTrue(line != null, "the stand-in panel started its server");
            serverPid = Long.parseLong(line.substring("RUNNING ".length()));
            panel.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // the panel dies without closing its node
        }
        ProcessHandle orphan = ProcessHandle.of(serverPid).orElseThrow();
        assertTrue(orphan.isAlive(), "the server outlived its panel");

        RecordingListener events = new RecordingListener();
        try (LocalNode node = LocalNode.open(TestServers.config(dataDir), events)) {
            assertTrue(orphan.onExit().isDone() || !orphan.isAlive(), "the leftover was killed during open");
            assertEquals(List.of(serverPid), events.orphans);
            try (var records = Files.list(dataDir.resolve("node/processes"))) {
                assertEquals(0, records.count(), "the stale record is gone");
            }

            ServerSpec demo = TestServers.demo(Map.of());
            node.register(new ServerSpec(id, demo.template(), demo.startup(), demo.variables(), demo.memoryMb(), false));
            assertEquals(PowerState.OFFLINE, node.state(id));
            assertTrue(Files.readString(node.logs(id).latest()).contains("left running by a previous panel run"));

            node.start(id);
            RecordingListener.await("running again", Duration.ofSeconds(20), () -> node.state(id) == PowerState.RUNNING);
        }
    }

    @Test
    void a_recorded_pid_now_used_by_another_process_is_left_alone() throws Exception {
        Process stranger = new ProcessBuilder("sleep", "30").start();
        try {
            Path records = Files.createDirectories(dataDir.resolve("node/processes"));
            Instant realStart = stranger.info().startInstant().orElseThrow();
            Files.writeString(records.resolve(UUID.randomUUID() + ".pid"),
                    "pid=" + stranger.pid() + "\nstarted=" + realStart.minusSeconds(3600) + "\n");

            RecordingListener events = new RecordingListener();
            try (LocalNode node = LocalNode.open(TestServers.config(dataDir), events)) {
                assertTrue(stranger.isAlive(), "a process with another start time is not ours");
                assertTrue(events.orphans.isEmpty());
                assertTrue(node.sampleNow().isEmpty());
            }
        } finally {
            stranger.destroyForcibly();
        }
        try (var left = Files.list(dataDir.resolve("node/processes"))) {
            assertFalse(left.findAny().isPresent(), "the stale record is dropped");
        }
    }
}
