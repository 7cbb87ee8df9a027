package dev.talon.core.servers.node;

import dev.talon.core.servers.node.NodeException.CommandRejected;
import dev.talon.core.servers.node.NodeException.PowerConflict;
import dev.talon.core.servers.node.NodeException.ServerOffline;
import dev.talon.core.servers.node.NodeException.StartFailed;
import dev.talon.core.servers.node.console.ConsoleEntry;
import dev.talon.core.servers.node.console.ConsoleHub;
import dev.talon.core.servers.node.console.ConsoleSink;
import dev.talon.core.servers.node.console.ConsoleStream;
import dev.talon.core.servers.node.console.ConsoleSubscription;
import dev.talon.core.servers.node.logs.LogFiles;
import dev.talon.core.servers.node.logs.LogWriter;
import dev.talon.core.servers.node.template.NodeVariables;
import dev.talon.core.servers.node.template.StartupCommand;
import dev.talon.core.servers.node.template.StopCommand;
import dev.talon.core.servers.node.template.VariableValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * One server on the node: its power state machine, its console and log, and the crash policy.
 *
 * <p>Threading: state lives under {@code this} monitor. Callers (web threads) run power
 * actions; the reader thread of the current process publishes lines and may mark the server
 * running; a watcher virtual thread per process handles its exit; a virtual thread per stop
 * escalates to SIGTERM and SIGKILL. Events to the listener are sent while holding the monitor so
 * they arrive in order.
 */
final class ManagedServer {

    static final String DAEMON_PREFIX = "[Talon Daemon]: ";

    private final NodeConfig config;
    private final NodeListener listener;
    private final ProcessRecords records;
    private final Path directory;
    private final ConsoleHub console;
    private final LogFiles logFiles;
    private final LogWriter log;

    private ServerSpec spec;
    private PowerState state = PowerState.OFFLINE;
    private Run current;
    private Instant lastCrashRestart;
    private volatile ResourceUsage lastUsage;
    private final Object diskLock = new Object();
    private long diskBytes;
    private long diskMeasuredNanos;
    private boolean diskMeasured;

    /** One run of the process and what was asked of it. */
    private static final class Run {
        final Optional<Pattern> donePattern;
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        ServerProcess process;
        boolean exitExpected;
        boolean restartAfterExit;

        Run(Optional<Pattern> donePattern) {
            this.donePattern = donePattern;
        }
    }

    ManagedServer(ServerSpec spec, Path directory, NodeConfig config, NodeListener listener, ProcessRecords records) {
        this.spec = spec;
        this.directory = directory;
        this.config = config;
        this.listener = listener;
        this.records = records;
        this.console = new ConsoleHub(config.consoleLines(), config.clock());
        this.logFiles = new LogFiles(directory.resolve("logs"));
        this.log = new LogWriter(logFiles, config.logRotation());
    }

    UUID uuid() {
        return spec.uuid();
    }

    Path directory() {
        return directory;
    }

    /**
     * A console viewer that is told the current state first, then (optionally) the buffered
     * lines, then lines and state changes in the order they happen. Under this server's monitor,
     * which every state change holds, so no change is missed or seen twice.
     */
    synchronized ConsoleSubscription subscribeConsole(ConsoleSink sink, boolean replay, int queueCapacity) {
        return console.subscribe(sink, replay, queueCapacity, state);
    }

    ConsoleHub console() {
        return console;
    }

    LogFiles logFiles() {
        return logFiles;
    }

    synchronized ServerSpec spec() {
        return spec;
    }

    synchronized void update(ServerSpec updated) {
        this.spec = updated;
    }

    synchronized PowerState state() {
        return state;
    }

    synchronized Optional<ProcessSampleRoot> sampleRoot() {
        if (current == null || current.process == null) {
            return Optional.empty();
        }
        return Optional.of(new ProcessSampleRoot(current.process.pid(), current.process.started(), state));
    }

    record ProcessSampleRoot(long pid, Instant started, PowerState state) {}

    synchronized void start() {
        if (state != PowerState.OFFLINE) {
            throw new PowerConflict(uuid(), state, "start");
        }
        List<String> command;
        Map<String, String> values;
        try {
            values = VariableValues.resolve(spec.template(), spec.variables());
            Map<String, String> all = new HashMap<>(values);
            all.putAll(nodeVariables().asMap());
            command = StartupCommand.render(spec.startup(), all);
            Files.createDirectories(directory);
        } catch (IllegalArgumentException e) { // includes VariableValidationException
            daemonLine("Cannot start: " + e.getMessage());
            throw new StartFailed(uuid(), e.getMessage(), e);
        } catch (IOException e) {
            throw new StartFailed(uuid(), "cannot create server folder: " + e.getMessage(), e);
        }
        Run run = new Run(spec.template().donePattern());
        daemonLine("Server marked as starting...");
        try {
            run.process = ServerProcess.start(processBuilder(command, values), line -> onLine(run, line), log::flush);
        } catch (IOException e) {
            daemonLine("Failed to start the server process: " + e.getMessage());
            throw new StartFailed(uuid(), e.getMessage(), e);
        }
        current = run;
        try {
            records.save(uuid(), run.process.process().toHandle());
        } catch (IOException e) {
            // the server still runs; only orphan clean-up after a panel crash is weakened
            daemonLine("Warning: cannot record the server process: " + e.getMessage());
        }
        setState(run.donePattern.isPresent() ? PowerState.STARTING : PowerState.RUNNING, false);
        Thread.ofVirtual().name("server-exit-" + run.process.pid()).start(() -> watch(run));
    }

    /** Asks the server to stop; completes with the exit code. Stopping an offline server does nothing. */
    synchronized CompletableFuture<Integer> stop() {
        if (state == PowerState.OFFLINE || current == null) {
            return CompletableFuture.completedFuture(null);
        }
        Run run = current;
        if (state == PowerState.STOPPING) {
            return run.exit;
        }
        run.exitExpected = true;
        setState(PowerState.STOPPING, false);
        StopCommand stop = spec.template().stop();
        Process process = run.process.process();
        switch (stop) {
            case StopCommand.Console(String line) -> {
                try {
                    run.process.sendLine(line);
                } catch (IOException e) {
                    process.destroy();
                }
            }
            case StopCommand.Signal(StopCommand.StopSignal signal) -> sendSignal(process, signal);
        }
        Thread.ofVirtual().name("server-stop-" + process.pid()).start(() -> escalate(run));
        return run.exit;
    }

    synchronized CompletableFuture<Integer> kill() {
        if (current == null) {
            return CompletableFuture.completedFuture(null);
        }
        Run run = current;
        run.exitExpected = true;
        if (state != PowerState.STOPPING) {
            setState(PowerState.STOPPING, false);
        }
        ProcessTrees.killForcibly(run.process.process().toHandle());
        return run.exit;
    }

    synchronized void restart() {
        if (state == PowerState.OFFLINE) {
            start();
            return;
        }
        current.restartAfterExit = true;
        stop();
    }

    void sendCommand(String command) {
        if (command.length() > config.maxCommandLength()) {
            throw new CommandRejected(uuid(), "longer than " + config.maxCommandLength() + " characters");
        }
        if (command.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new CommandRejected(uuid(), "contains control characters");
        }
        ServerProcess process;
        synchronized (this) {
            if (current == null || state == PowerState.OFFLINE) {
                throw new ServerOffline(uuid());
            }
            // Typing the stop command is a stop, not a crash to recover from (as in Wings).
            if (spec.template().stop() instanceof StopCommand.Console(String line) && line.equals(command.strip())
                    && state != PowerState.STOPPING) {
                stop();
                notifyConsole(new ConsoleEntry(0, command, ConsoleStream.STDIN, config.clock().instant()));
                return;
            }
            process = current.process;
        }
        try {
            process.sendLine(command); // outside the monitor: a full pipe must not block power actions
        } catch (IOException e) {
            throw new ServerOffline(uuid());
        }
        notifyConsole(new ConsoleEntry(0, command, ConsoleStream.STDIN, config.clock().instant()));
    }

    ResourceUsage lastUsage() {
        ResourceUsage usage = lastUsage;
        return usage != null ? usage : offlineUsage(config.clock().instant());
    }

    void recordUsage(ResourceUsage usage) {
        lastUsage = usage;
    }

    ResourceUsage offlineUsage(Instant at) {
        return new ResourceUsage(uuid(), state(), 0, 0, memoryLimitBytes(), diskBytes(), -1, -1, 0, at);
    }

    long memoryLimitBytes() {
        return spec().memoryMb() * 1024L * 1024L;
    }

    /** Folder size, measured again when older than the configured interval. Called by the sampling thread. */
    long diskBytes() {
        long now = System.nanoTime();
        synchronized (diskLock) {
            if (!diskMeasured || now - diskMeasuredNanos >= config.diskInterval().toNanos()) {
                diskBytes = dev.talon.core.servers.node.metrics.DiskUsage.of(directory);
                diskMeasuredNanos = now;
                diskMeasured = true;
            }
            return diskBytes;
        }
    }

    /** Node shutdown: stop gracefully within the graces, then kill; end viewers and close the log. */
    void shutdown() {
        CompletableFuture<Integer> exit = stop();
        try {
            exit.get(config.stopGrace().plus(config.terminateGrace()).plusSeconds(5).toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
        console.closeAll();
        log.close();
    }

    private void onLine(Run run, String line) {
        ConsoleEntry entry = console.publish(line, ConsoleStream.STDOUT);
        log.write(line);
        notifyConsole(entry);
        if (run.donePattern.isPresent() && run.donePattern.get().matcher(line).find()) {
            synchronized (this) {
                if (current == run && state == PowerState.STARTING) {
                    setState(PowerState.RUNNING, false);
                }
            }
        }
    }

    private void watch(Run run) {
        int code;
        try {
            code = run.process.process().waitFor();
            run.process.awaitOutput(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            onExit(run, code);
        }
        run.exit.complete(code);
    }

    private void onExit(Run run, int code) {
        if (current != run) {
            return;
        }
        current = null;
        records.delete(uuid());
        lastUsage = null;
        boolean crashed = !run.exitExpected && (code != 0 || config.cleanExitIsCrash());
        if (!crashed) {
            daemonLine("Server process exited with code " + code + ".");
            setState(PowerState.OFFLINE, false);
            if (run.restartAfterExit) {
                tryStart("restart");
            }
            return;
        }
        List<String> output = console.recent().stream()
                .filter(entry -> entry.stream() == ConsoleStream.STDOUT).map(ConsoleEntry::text).toList();
        List<String> lastLines = output.subList(Math.max(0, output.size() - 20), output.size());
        boolean outOfMemory = lastLines.stream().anyMatch(line -> line.contains("OutOfMemoryError"));
        daemonLine("---------- Detected server process in a crashed state! ----------");
        daemonLine("Exit code: " + code);
        daemonLine("Out of memory: " + outOfMemory);
        setState(PowerState.OFFLINE, true);
        Instant now = config.clock().instant();
        boolean tooSoon = lastCrashRestart != null
                && Duration.between(lastCrashRestart, now).compareTo(config.crashLoopWindow()) < 0;
        boolean restart = spec.autoRestart() && !tooSoon;
        if (spec.autoRestart() && tooSoon) {
            daemonLine("Aborting automatic restart, last crash occurred less than "
                    + config.crashLoopWindow().toSeconds() + " seconds ago.");
        }
        safely(() -> listener.onCrash(new ServerCrash(uuid(), code, outOfMemory, lastLines, restart, now)));
        if (restart) {
            lastCrashRestart = now;
            tryStart("automatic restart");
        }
    }

    private void tryStart(String why) {
        try {
            start();
        } catch (NodeException e) {
            daemonLine("The " + why + " failed: " + e.getMessage());
        }
    }

    private void escalate(Run run) {
        if (awaitExit(run, config.stopGrace())) {
            return;
        }
        daemonLine("Server did not stop within " + config.stopGrace().toSeconds() + "s; sending SIGTERM.");
        run.process.process().destroy();
        if (awaitExit(run, config.terminateGrace())) {
            return;
        }
        daemonLine("Server did not stop after SIGTERM; sending SIGKILL.");
        ProcessTrees.killForcibly(run.process.process().toHandle());
    }

    private static boolean awaitExit(Run run, Duration timeout) {
        try {
            return run.process.process().waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void sendSignal(Process process, StopCommand.StopSignal signal) {
        if (signal == StopCommand.StopSignal.SIGINT) {
            // The JDK can only send SIGTERM/SIGKILL; kill(1) gets an argument list, no shell.
            try {
                if (new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor() == 0) {
                    return;
                }
            } catch (IOException e) {
                // no kill(1) here: fall back to SIGTERM
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process.destroy();
    }

    private ProcessBuilder processBuilder(List<String> command, Map<String, String> values) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        // A clean environment: the panel's own (database passwords, secrets) must not leak to servers.
        Map<String, String> inherited = System.getenv();
        Map<String, String> env = builder.environment();
        env.clear();
        for (String name : List.of("PATH", "LANG", "LC_ALL", "TZ")) {
            if (inherited.containsKey(name)) {
                env.put(name, inherited.get(name));
            }
        }
        env.put("HOME", directory.toString());
        env.put("P_SERVER_UUID", uuid().toString());
        env.putAll(nodeVariables().asMap());
        env.putAll(values);
        env.put("STARTUP", spec.startup());
        return builder;
    }

    private NodeVariables nodeVariables() {
        return new NodeVariables(spec.memoryMb(), uuid(), config.javaBinary(), config.talonClasspath());
    }

    private void setState(PowerState to, boolean crashed) {
        PowerState from = state;
        state = to;
        console.publishState(to);
        safely(() -> listener.onStateChanged(new ServerStateChange(uuid(), from, to, crashed, config.clock().instant())));
    }

    /** A line from the node itself, into the console, the log and the listener. */
    void daemonLine(String text) {
        ConsoleEntry entry = console.publish(DAEMON_PREFIX + text, ConsoleStream.DAEMON);
        log.write(entry.text());
        log.flush();
        notifyConsole(entry);
    }

    private void notifyConsole(ConsoleEntry entry) {
        safely(() -> listener.onConsoleLine(uuid(), entry));
    }

    private static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ManagedServer.class).warn("node listener failed", e);
        }
    }
}
