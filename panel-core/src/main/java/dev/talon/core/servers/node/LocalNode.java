package dev.talon.core.servers.node;

import dev.talon.core.servers.node.console.ConsoleEntry;
import dev.talon.core.servers.node.console.ConsoleSink;
import dev.talon.core.servers.node.console.ConsoleSubscription;
import dev.talon.core.servers.node.logs.LogFiles;
import dev.talon.core.servers.node.logs.LogWriter;
import dev.talon.core.servers.node.metrics.ProcessSampler;
import dev.talon.core.servers.node.metrics.TreeUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded node: runs each registered server as a child process in
 * {@code <dataDir>/servers/<uuid>/}, the way Wings runs containers.
 *
 * <p>Lifecycle: {@link #open} kills processes a previous panel run left behind (from the node's
 * process records) so every server starts out offline, then starts metrics sampling. The panel
 * registers its servers with {@link #register}. {@link #close} stops every server (stop command,
 * SIGTERM, SIGKILL within the configured graces); the composition root should call it from a
 * JVM shutdown hook too. If the panel dies without closing, the next {@link #open} cleans up.
 *
 * <p>Threading: every method is thread-safe. Power actions return quickly; the waiting happens
 * on the node's virtual threads. See {@link NodeListener} for where events are delivered.
 */
public final class LocalNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalNode.class);

    private final NodeConfig config;
    private final NodeListener listener;
    private final ProcessRecords records;
    private final Map<UUID, ManagedServer> servers = new ConcurrentHashMap<>();
    private final ProcessSampler sampler = new ProcessSampler(Path.of("/proc"));
    private final ScheduledExecutorService metrics;
    private volatile boolean closed;

    private LocalNode(NodeConfig config, NodeListener listener) {
        this.config = config;
        this.listener = listener;
        this.records = new ProcessRecords(config.processRecordsDir());
        this.metrics = config.metricsInterval().isZero() ? null
                : Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("talon-node-metrics").daemon().factory());
    }

    /** Opens the node on its data folder: cleans up leftovers of a previous run, starts sampling. */
    public static LocalNode open(NodeConfig config, NodeListener listener) throws IOException {
        Files.createDirectories(config.serversDir());
        Files.createDirectories(config.processRecordsDir());
        LocalNode node = new LocalNode(config, listener);
        node.killLeftovers();
        if (node.metrics != null) {
            long every = config.metricsInterval().toMillis();
            node.metrics.scheduleWithFixedDelay(node::sampleQuietly, every, every, TimeUnit.MILLISECONDS);
        }
        return node;
    }

    /**
     * Adds a server or replaces its settings (effective at its next start) and creates its folder.
     * Registering does not start it.
     */
    public void register(ServerSpec spec) throws IOException {
        ensureOpen();
        Path directory = config.serversDir().resolve(spec.uuid().toString());
        Files.createDirectories(directory);
        servers.compute(spec.uuid(), (id, existing) -> {
            if (existing == null) {
                return new ManagedServer(spec, directory, config, listener, records);
            }
            existing.update(spec);
            return existing;
        });
    }

    /** Forgets an offline server (its folder stays; deleting files is the panel's decision). */
    public void unregister(UUID server) {
        ManagedServer managed = server(server);
        synchronized (managed) {
            if (managed.state() != PowerState.OFFLINE) {
                throw new NodeException.PowerConflict(server, managed.state(), "remove");
            }
            servers.remove(server);
        }
        managed.console().closeAll();
    }

    public Optional<ServerSpec> spec(UUID server) {
        return Optional.ofNullable(servers.get(server)).map(ManagedServer::spec);
    }

    public Path serverDirectory(UUID server) {
        return server(server).directory();
    }

    public PowerState state(UUID server) {
        return server(server).state();
    }

    /** The PID of the server's current process, if it has one (admin diagnostics). */
    public java.util.OptionalLong pid(UUID server) {
        return server(server).sampleRoot().map(root -> java.util.OptionalLong.of(root.pid())).orElseGet(java.util.OptionalLong::empty);
    }

    /** Runs a Pterodactyl power signal. */
    public void power(UUID server, PowerAction action) {
        switch (action) {
            case START -> start(server);
            case STOP -> stop(server);
            case RESTART -> restart(server);
            case KILL -> kill(server);
        }
    }

    /**
     * Starts the server process; returns once it is spawned (state starting, or running when the
     * template has no done pattern).
     *
     * @throws NodeException.PowerConflict when it is not offline
     * @throws NodeException.StartFailed when variables are invalid or the program cannot be run
     */
    public void start(UUID server) {
        ensureOpen();
        server(server).start();
    }

    /** Sends the template's stop, then SIGTERM and SIGKILL after the graces; completes with the exit code (null if it was offline). */
    public CompletableFuture<Integer> stop(UUID server) {
        return server(server).stop();
    }

    /** Stops, then starts again once the process has exited; starts at once when offline. */
    public void restart(UUID server) {
        ensureOpen();
        server(server).restart();
    }

    /** SIGKILL to the process tree; not a crash. Completes with the exit code (null if it was offline). */
    public CompletableFuture<Integer> kill(UUID server) {
        return server(server).kill();
    }

    /**
     * Writes a command line to the server's stdin. Typing the template's stop command counts as a stop.
     *
     * @throws NodeException.ServerOffline when no process runs
     * @throws NodeException.CommandRejected when too long or containing control characters
     */
    public void sendCommand(UUID server, String command) {
        server(server).sendCommand(command);
    }

    /** The last lines of the console (up to {@link NodeConfig#consoleLines()}), oldest first. */
    public List<ConsoleEntry> recentConsole(UUID server) {
        return server(server).console().recent();
    }

    /**
     * Subscribes a viewer to the console. Costs a bounded queue and a virtual thread, never a
     * second reader of the process. Close the subscription when the viewer leaves.
     *
     * @param replay deliver the buffered lines first (WebSocket connect); then every new line once
     *     and every state change in order with the lines ({@link ConsoleSink#state}), starting
     *     with the current state
     */
    public ConsoleSubscription subscribeConsole(UUID server, ConsoleSink sink, boolean replay) {
        return server(server).subscribeConsole(sink, replay, config.subscriberQueue());
    }

    /** The server's log files: {@code tail(n)} and offset-based {@code read(offset, maxBytes)}. */
    public LogFiles logs(UUID server) {
        return server(server).logFiles();
    }

    /**
     * The latest resource sample of the server with its current state; zeros (but disk) when
     * offline. The figures may be one sampling interval old, the state never is: a caller asking
     * just after the server turned running must not read the "starting" of the last sample.
     */
    public ResourceUsage resources(UUID server) {
        ManagedServer managed = server(server);
        PowerState now = managed.state();
        return now == PowerState.OFFLINE ? managed.offlineUsage(config.clock().instant()) : managed.lastUsage().withState(now);
    }

    /**
     * Samples every server with a process now (one pass over /proc for all of them), stores the
     * samples for {@link #resources} and sends them to the listener. Called by the node's timer;
     * public for tests and benchmarks.
     */
    public List<ResourceUsage> sampleNow() {
        synchronized (sampler) {
            Map<UUID, ProcessSampler.Root> roots = new HashMap<>();
            Map<UUID, ManagedServer.ProcessSampleRoot> details = new HashMap<>();
            for (ManagedServer managed : servers.values()) {
                managed.sampleRoot().ifPresent(root -> {
                    roots.put(managed.uuid(), new ProcessSampler.Root(root.pid(), root.started()));
                    details.put(managed.uuid(), root);
                });
            }
            Instant now = config.clock().instant();
            Map<UUID, TreeUsage> usage = sampler.sample(roots, now);
            List<ResourceUsage> samples = new ArrayList<>();
            usage.forEach((id, tree) -> {
                ManagedServer managed = servers.get(id);
                ManagedServer.ProcessSampleRoot root = details.get(id);
                if (managed == null) {
                    return;
                }
                ResourceUsage sample = new ResourceUsage(id, root.state(), tree.cpuPercent(), tree.rssBytes(),
                        managed.memoryLimitBytes(), managed.diskBytes(), -1, -1,
                        Math.max(0, Duration.between(root.started(), now).toMillis()), now);
                managed.recordUsage(sample);
                samples.add(sample);
                try {
                    listener.onMetrics(sample);
                } catch (RuntimeException e) {
                    LOG.warn("node listener failed on metrics", e);
                }
            });
            return samples;
        }
    }

    /** Stops every server (graceful within the graces, then SIGKILL), in parallel; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (metrics != null) {
            metrics.shutdownNow();
        }
        List<Thread> stopping = new ArrayList<>();
        for (ManagedServer managed : servers.values()) {
            stopping.add(Thread.ofVirtual().name("node-close-" + managed.uuid()).start(managed::shutdown));
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void killLeftovers() {
        List<ProcessRecords.Entry> entries = records.all();
        List<ProcessHandle> leftovers = new ArrayList<>();
        List<ProcessRecords.Entry> killed = new ArrayList<>();
        for (ProcessRecords.Entry entry : entries) {
            ProcessRecords.liveProcess(entry).ifPresent(process -> {
                leftovers.add(process);
                killed.add(entry);
            });
        }
        if (!leftovers.isEmpty()) {
            LOG.warn("killing {} server process(es) left running by a previous panel run", leftovers.size());
            ProcessTrees.terminateAll(leftovers, config.terminateGrace());
        }
        for (ProcessRecords.Entry entry : killed) {
            Path logs = config.serversDir().resolve(entry.server().toString()).resolve("logs");
            try (LogWriter log = new LogWriter(new LogFiles(logs), config.logRotation())) {
                log.write(ManagedServer.DAEMON_PREFIX + "Killed server process " + entry.pid()
                        + " left running by a previous panel run.");
            }
            try {
                listener.onOrphanKilled(entry.server(), entry.pid());
            } catch (RuntimeException e) {
                LOG.warn("node listener failed on orphan", e);
            }
        }
        entries.forEach(entry -> records.delete(entry.server()));
    }

    private void sampleQuietly() {
        try {
            sampleNow();
        } catch (RuntimeException e) {
            LOG.warn("metrics sampling failed", e); // keep the timer alive
        }
    }

    private ManagedServer server(UUID server) {
        ManagedServer managed = servers.get(server);
        if (managed == null) {
            throw new NodeException.UnknownServer(server);
        }
        return managed;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the node is closed");
        }
    }
}
