package dev.talon.core.servers.node;

import static dev.talon.core.servers.node.RecordingListener.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.core.servers.node.console.ConsoleEntry;
import dev.talon.core.servers.node.console.ConsoleSubscription;
import dev.talon.core.servers.node.template.ServerTemplate;
import dev.talon.core.servers.node.template.StopCommand;
import dev.talon.core.servers.node.template.TemplateVariable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class LocalNodeTest {

    private static final Duration BOOT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    private final RecordingListener events = new RecordingListener();
    private LocalNode node;

    @AfterEach
    void closeNode() {
        if (node != null) {
            node.close();
        }
    }

    private LocalNode open(NodeConfig config) throws Exception {
        node = LocalNode.open(config, events);
        return node;
    }

    private UUID startDemo(ServerSpec spec) throws Exception {
        node.register(spec);
        node.start(spec.uuid());
        await("running", BOOT, () -> node.state(spec.uuid()) == PowerState.RUNNING);
        return spec.uuid();
    }

    @Test
    void start_goes_through_starting_to_running_when_the_done_line_appears() throws Exception {
        open(TestServers.config(dataDir));
        ServerSpec spec = TestServers.demo(Map.of());
        node.register(spec);
        node.start(spec.uuid());
        assertEquals(PowerState.STARTING, node.state(spec.uuid()));
        node.sampleNow(); // a sample taken while starting
        await("running", BOOT, () -> node.state(spec.uuid()) == PowerState.RUNNING);
        assertEquals(PowerState.RUNNING, node.resources(spec.uuid()).state(), "usage reports the state now, not the sample's");

        assertEquals(List.of(PowerState.STARTING, PowerState.RUNNING), events.stateSequence());
        List<String> console = node.recentConsole(spec.uuid()).stream().map(ConsoleEntry::text).toList();
        int done = indexOf(console, "Done (");
        assertTrue(done > indexOf(console, "Preparing spawn area: 100%"), "running only after the boot sequence");
        assertTrue(console.get(done).matches("\\[\\d\\d:\\d\\d:\\d\\d] \\[Server thread/INFO]: Done \\(\\d+\\.\\d{3}s\\)! For help, type \"help\""),
                console.get(done));
    }

    @Test
    void the_memory_growth_variable_makes_the_demo_process_really_grow_and_zero_keeps_it_flat() throws Exception {
        open(TestServers.config(dataDir));
        // 1 GiB a minute: the demo reaches its cap (half of the 128 MiB heap) within seconds. It grows on each
        // story beat (60,000 / log rate ms), so the log rate is kept high.
        UUID leaking = startDemo(TestServers.demo(Map.of("DEMO_MEMORY_GROWTH_KB", "1048576", "DEMO_LOG_RATE", "600")));
        UUID quiet = startDemo(TestServers.demo(Map.of("DEMO_MEMORY_GROWTH_KB", "0", "DEMO_LOG_RATE", "600")));
        long[] memory = new long[2];
        await("the leaking server holds 40 MiB more than the quiet one", Duration.ofSeconds(30), () -> {
            for (ResourceUsage u : node.sampleNow()) {
                if (u.server().equals(leaking)) {
                    memory[0] = u.memoryBytes();
                } else if (u.server().equals(quiet)) {
                    memory[1] = u.memoryBytes();
                }
            }
            return memory[0] - memory[1] > 40L << 20;
        });
        node.sendCommand(leaking, "gc");
        await("the demo reports its memory", Duration.ofSeconds(10), () -> node.recentConsole(leaking).stream()
                .anyMatch(e -> e.text().contains("retained by chunk cache")));
        String report = node.recentConsole(leaking).stream().map(ConsoleEntry::text).filter(t -> t.contains("retained by chunk cache"))
                .findFirst().orElseThrow();
        int retained = Integer.parseInt(report.replaceAll(".*retained by chunk cache: (\\d+) MB\\)", "$1"));
        assertTrue(retained >= 40 && retained <= 64, "what the sampler saw, at most half of the heap: " + report);
    }

    @Test
    void say_hello_reaches_viewers_the_ring_buffer_and_latest_log() throws Exception {
        open(TestServers.config(dataDir));
        UUID id = startDemo(TestServers.demo(Map.of()));
        List<String> viewer = new CopyOnWriteArrayList<>();
        try (ConsoleSubscription subscription = node.subscribeConsole(id, entry -> viewer.add(entry.text()), true)) {
            node.sendCommand(id, "say hello");
            await("viewer sees hello", Duration.ofSeconds(10), () -> viewer.stream().anyMatch(l -> l.endsWith("[Server] hello")));
            assertTrue(viewer.stream().anyMatch(l -> l.contains("Done (")), "the backlog was replayed first");
            assertEquals(0, subscription.dropped());
        }
        assertTrue(node.recentConsole(id).stream().anyMatch(e -> e.text().endsWith("[Server thread/INFO]: [Server] hello")));
        await("hello in latest.log", Duration.ofSeconds(5), () -> readLog(id).contains("[Server] hello"));
        assertTrue(events.lines.stream().anyMatch(e -> e.text().equals("say hello") && e.stream().wireName().equals("stdin")),
                "the command is reported as a stdin line");
    }

    @Test
    void stop_sends_the_stop_command_and_the_server_saves_and_exits_cleanly() throws Exception {
        open(TestServers.config(dataDir));
        UUID id = startDemo(TestServers.demo(Map.of()));

        Integer exitCode = node.stop(id).get(15, TimeUnit.SECONDS);

        assertEquals(0, exitCode);
        assertEquals(PowerState.OFFLINE, node.state(id));
        assertEquals(List.of(PowerState.STARTING, PowerState.RUNNING, PowerState.STOPPING, PowerState.OFFLINE), events.stateSequence());
        assertTrue(events.crashes.isEmpty());
        assertFalse(events.states.getLast().crashed());
        assertTrue(readLog(id).contains("[Server thread/INFO]: Closing Server"));
        assertTrue(Files.exists(node.serverDirectory(id).resolve("world/level.dat")), "stop saved the world");
        assertTrue(node.pid(id).isEmpty());
    }

    @Test
    void typing_stop_in_the_console_is_a_stop_not_a_crash() throws Exception {
        open(TestServers.config(dataDir).withCrashLoopWindow(Duration.ZERO));
        UUID id = startDemo(TestServers.demo(Map.of()).withAutoRestart(true));
        node.sendCommand(id, "stop");
        await("offline", Duration.ofSeconds(15), () -> node.state(id) == PowerState.OFFLINE);
        assertTrue(events.crashes.isEmpty());
        assertEquals(1, events.count(PowerState.STARTING), "not restarted");
    }

    @Test
    void a_killed_server_is_a_crash_restarted_once_but_not_again_within_the_crash_window() throws Exception {
        open(TestServers.config(dataDir)); // 60 s window
        UUID id = startDemo(TestServers.demo(Map.of()).withAutoRestart(true));

        ProcessHandle.of(node.pid(id).orElseThrow()).orElseThrow().destroyForcibly();
        await("first crash", Duration.ofSeconds(10), () -> events.crashes.size() == 1);
        ServerCrash first = events.crashes.getFirst();
        assertEquals(137, first.exitCode(), "128 + SIGKILL");
        assertTrue(first.autoRestarting());
        assertTrue(events.states.stream().anyMatch(ServerStateChange::crashed));
        await("running again", BOOT, () -> events.count(PowerState.RUNNING) == 2);

        ProcessHandle.of(node.pid(id).orElseThrow()).orElseThrow().destroyForcibly();
        await("second crash", Duration.ofSeconds(10), () -> events.crashes.size() == 2);
        assertFalse(events.crashes.get(1).autoRestarting());
        assertEquals(PowerState.OFFLINE, node.state(id));
        assertEquals(2, events.count(PowerState.STARTING), "no third start");
        assertTrue(events.printed("Aborting automatic restart, last crash occurred less than 60 seconds ago."));
        assertTrue(readLog(id).contains("---------- Detected server process in a crashed state! ----------"));
    }

    @Test
    void a_crash_after_the_crash_window_is_restarted_again() throws Exception {
        open(TestServers.config(dataDir).withCrashLoopWindow(Duration.ZERO));
        UUID id = startDemo(TestServers.demo(Map.of()).withAutoRestart(true));
        for (int crash = 1; crash <= 2; crash++) {
            ProcessHandle.of(node.pid(id).orElseThrow()).orElseThrow().destroyForcibly();
            int expected = crash;
            await("crash " + crash, Duration.ofSeconds(10), () -> events.crashes.size() == expected);
            assertTrue(events.crashes.getLast().autoRestarting());
            await("running after crash " + crash, BOOT, () -> events.count(PowerState.RUNNING) == expected + 1);
        }
    }

    @Test
    void the_demo_crash_exits_non_zero_with_a_fatal_trace_kept_in_the_log() throws Exception {
        open(TestServers.config(dataDir));
        UUID id = startDemo(TestServers.demo(Map.of("DEMO_CRASH_AFTER", "1")));
        await("crash", Duration.ofSeconds(15), () -> events.crashes.size() == 1);

        ServerCrash crash = events.crashes.getFirst();
        assertEquals(1, crash.exitCode());
        assertFalse(crash.autoRestarting());
        assertTrue(String.join("\n", crash.lastLines()).contains("Caused by: java.lang.IllegalStateException: Entity is already tracked!"));
        String log = readLog(id);
        assertTrue(log.contains("[Server thread/ERROR]: Encountered an unexpected exception\nnet.minecraft.ReportedException: Ticking entity\n\tat "),
                "multi-line fatal trace in latest.log");
        assertTrue(log.contains("Exit code: 1"));
    }

    @Test
    void commands_are_refused_when_offline_too_long_or_multi_line() throws Exception {
        open(TestServers.config(dataDir));
        ServerSpec spec = TestServers.demo(Map.of());
        node.register(spec);
        assertThrows(NodeException.ServerOffline.class, () -> node.sendCommand(spec.uuid(), "say hi"));
        assertThrows(NodeException.CommandRejected.class, () -> node.sendCommand(spec.uuid(), "say " + "x".repeat(2_000)));
        assertThrows(NodeException.CommandRejected.class, () -> node.sendCommand(spec.uuid(), "say hi\nop evil"));
        assertThrows(NodeException.UnknownServer.class, () -> node.sendCommand(UUID.randomUUID(), "say hi"));
    }

    @Test
    void starting_a_running_server_is_a_conflict_and_stopping_an_offline_one_does_nothing() throws Exception {
        open(TestServers.config(dataDir));
        ServerSpec spec = TestServers.demo(Map.of());
        node.register(spec);
        assertEquals(null, node.stop(spec.uuid()).get(1, TimeUnit.SECONDS));
        startDemo(spec);
        var conflict = assertThrows(NodeException.PowerConflict.class, () -> node.start(spec.uuid()));
        assertEquals(PowerState.RUNNING, conflict.state());
    }

    @Test
    void restart_stops_then_starts_a_new_process() throws Exception {
        open(TestServers.config(dataDir));
        UUID id = startDemo(TestServers.demo(Map.of()));
        long firstPid = node.pid(id).orElseThrow();
        node.power(id, PowerAction.fromWire("restart"));
        await("running again", BOOT, () -> events.count(PowerState.RUNNING) == 2);
        assertTrue(node.pid(id).orElseThrow() != firstPid);
        assertTrue(events.crashes.isEmpty());
    }

    @Test
    void a_server_ignoring_its_stop_command_gets_sigterm_after_the_grace() throws Exception {
        open(TestServers.config(dataDir).withGraces(Duration.ofMillis(300), Duration.ofSeconds(5)));
        ServerTemplate sleeper = new ServerTemplate("sleeper", "Sleeper", "", "sleep 30", List.of(), Optional.empty(),
                StopCommand.parse("stop"));
        ServerSpec spec = ServerSpec.of(UUID.randomUUID(), sleeper, Map.of());
        node.register(spec);
        node.start(spec.uuid());
        assertEquals(PowerState.RUNNING, node.state(spec.uuid()), "no done pattern: running at once");

        Integer exit = node.stop(spec.uuid()).get(10, TimeUnit.SECONDS);

        assertEquals(143, exit, "128 + SIGTERM");
        assertEquals(PowerState.OFFLINE, node.state(spec.uuid()));
        assertTrue(events.crashes.isEmpty());
        assertTrue(events.printed("sending SIGTERM"));
    }

    @Test
    void a_hostile_variable_reaches_the_process_as_one_argument_and_the_panel_environment_does_not() throws Exception {
        open(TestServers.config(dataDir));
        String hostile = "a b; touch pwned; $(touch pwned2) `touch pwned3`";
        ServerTemplate echo = new ServerTemplate("echo", "Echo", "", "sh -c 'printf \"[%s]\\n\" \"$@\"; env' sh {{VALUE}}",
                List.of(TemplateVariable.of("VALUE", "Value", "", "required|string|max:200", "x", true, true)),
                Optional.empty(), StopCommand.parse("^C"));
        ServerSpec spec = ServerSpec.of(UUID.randomUUID(), echo, Map.of("VALUE", hostile));
        node.register(spec);
        node.start(spec.uuid());
        await("exited", Duration.ofSeconds(10), () -> node.state(spec.uuid()) == PowerState.OFFLINE && !events.crashes.isEmpty());

        List<String> output = node.recentConsole(spec.uuid()).stream().map(ConsoleEntry::text).toList();
        assertTrue(output.contains("[" + hostile + "]"), "printed as one argument: " + output);
        assertEquals(1, output.stream().filter(line -> line.startsWith("[a")).count(), "one argument, one line");
        try (var files = Files.list(node.serverDirectory(spec.uuid()))) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("pwned")));
        }
        assertTrue(output.contains("VALUE=" + hostile), "variables are passed as environment too");
        List<String> allowed = List.of("PATH", "LANG", "LC_ALL", "TZ", "HOME", "P_SERVER_UUID", "SERVER_MEMORY", "MEMORY",
                "SERVER_UUID", "JAVA", "TALON_CLASSPATH", "VALUE", "STARTUP", "PWD", "SHLVL", "_", "OLDPWD");
        List<String> leaked = output.stream().filter(line -> line.matches("[A-Za-z_][A-Za-z0-9_]*=.*"))
                .map(line -> line.substring(0, line.indexOf('='))).filter(name -> !allowed.contains(name)).toList();
        assertEquals(List.of(), leaked, "the panel's environment is not inherited");
    }

    @Test
    void invalid_variables_fail_the_start_with_a_typed_error() throws Exception {
        open(TestServers.config(dataDir));
        ServerSpec spec = TestServers.demo(Map.of("DEMO_LOG_RATE", "0"));
        node.register(spec);
        var error = assertThrows(NodeException.StartFailed.class, () -> node.start(spec.uuid()));
        assertTrue(error.getMessage().contains("DEMO_LOG_RATE"), error.getMessage());
        assertEquals(PowerState.OFFLINE, node.state(spec.uuid()));
    }

    @Test
    void metrics_of_a_running_server_are_non_zero_and_reset_when_offline() throws Exception {
        open(TestServers.config(dataDir));
        UUID id = startDemo(TestServers.demo(Map.of()));
        List<ResourceUsage> samples = node.sampleNow();

        assertEquals(1, samples.size());
        ResourceUsage usage = samples.getFirst();
        assertEquals(PowerState.RUNNING, usage.state());
        assertTrue(usage.cpuPercent() > 0, "cpu " + usage.cpuPercent());
        assertTrue(usage.memoryBytes() > 10L * 1024 * 1024, "rss " + usage.memoryBytes());
        assertEquals(128L * 1024 * 1024, usage.memoryLimitBytes());
        assertTrue(usage.diskBytes() > 0, "disk " + usage.diskBytes());
        assertTrue(usage.uptimeMillis() > 0);
        assertEquals(usage, node.resources(id));
        assertEquals(List.of(usage), events.metrics);

        node.stop(id).get(15, TimeUnit.SECONDS);
        ResourceUsage offline = node.resources(id);
        assertEquals(0, offline.memoryBytes());
        assertEquals(0, offline.uptimeMillis());
        assertTrue(offline.diskBytes() > 0);
        assertTrue(node.sampleNow().isEmpty());
    }

    @Test
    void close_stops_every_running_server() throws Exception {
        open(TestServers.config(dataDir));
        UUID a = startDemo(TestServers.demo(Map.of()));
        UUID b = startDemo(TestServers.demo(Map.of("DEMO_SEED", "2")));
        ProcessHandle first = ProcessHandle.of(node.pid(a).orElseThrow()).orElseThrow();
        ProcessHandle second = ProcessHandle.of(node.pid(b).orElseThrow()).orElseThrow();

        node.close();

        assertFalse(first.isAlive());
        assertFalse(second.isAlive());
        assertEquals(PowerState.OFFLINE, node.state(a));
        assertTrue(events.crashes.isEmpty());
    }

    private String readLog(UUID id) {
        try {
            return Files.readString(node.logs(id).latest());
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line contains " + text + " in " + lines);
    }
}
