package dev.talon.core.servers;

import dev.talon.api.ActivityLog;
import dev.talon.api.events.ConsoleLine;
import dev.talon.api.events.EventBus;
import dev.talon.api.events.MetricsSample;
import dev.talon.api.events.ServerStateChanged;
import dev.talon.core.servers.metrics.MetricsRepository;
import dev.talon.core.servers.node.NodeListener;
import dev.talon.core.servers.node.ResourceUsage;
import dev.talon.core.servers.node.ServerCrash;
import dev.talon.core.servers.node.ServerStateChange;
import dev.talon.core.servers.node.console.ConsoleEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns node callbacks into panel events, activity entries and stored metrics.
 *
 * <p>Threading: node callbacks must return at once, so everything that touches the database runs
 * on one writer thread, and console lines are queued and published in batches every 200 ms by a
 * flusher thread (a chatty server costs one queue, not one bus hand-off per line on the reader).
 */
final class NodeBridge implements NodeListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeBridge.class);

    private final EventBus events;
    private final ActivityLog activity;
    private final MetricsRepository metrics;
    private final ServerRepository servers;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("talon-servers-writer").daemon().factory());
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("talon-console-batcher").daemon().factory());
    private final ConcurrentLinkedQueue<ConsoleLine> pending = new ConcurrentLinkedQueue<>();
    private final Map<UUID, Long> ids = new java.util.concurrent.ConcurrentHashMap<>();

    NodeBridge(EventBus events, ActivityLog activity, MetricsRepository metrics, ServerRepository servers) {
        this.events = events;
        this.activity = activity;
        this.metrics = metrics;
        this.servers = servers;
        flusher.scheduleWithFixedDelay(this::flush, 200, 200, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onStateChanged(ServerStateChange change) {
        events.publish(new ServerStateChanged(change.server().toString(), change.from().wireName(), change.to().wireName(),
                change.crashed(), change.at()));
    }

    @Override
    public void onCrash(ServerCrash crash) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("exit_code", crash.exitCode());
        details.put("out_of_memory", crash.outOfMemory());
        details.put("auto_restarting", crash.autoRestarting());
        details.put("last_lines", crash.lastLines());
        writer.execute(() -> activity.record(ActivityLog.Activity.system("server.crashed", "server:" + crash.server(), details)));
    }

    @Override
    public void onConsoleLine(UUID server, ConsoleEntry line) {
        pending.add(new ConsoleLine(server.toString(), line.text(), line.stream().name().toLowerCase(java.util.Locale.ROOT), line.at()));
    }

    @Override
    public void onMetrics(ResourceUsage sample) {
        events.publish(new MetricsSample(sample.server().toString(), sample.cpuPercent(), sample.memoryBytes(),
                sample.memoryLimitBytes(), sample.diskBytes(), sample.networkRxBytes(), sample.networkTxBytes(),
                sample.uptimeMillis(), sample.at()));
        writer.execute(() -> {
            Long id = ids.computeIfAbsent(sample.server(), uuid -> servers.findByUuid(uuid).map(GameServer::id).orElse(-1L));
            if (id >= 0) {
                metrics.insert(id, sample.at().toEpochMilli(), sample.cpuPercent(), sample.memoryBytes(), sample.diskBytes());
            }
        });
    }

    @Override
    public void onOrphanKilled(UUID server, long pid) {
        writer.execute(() -> activity.record(ActivityLog.Activity.system("server.orphan-killed", "server:" + server, Map.of("pid", pid))));
    }

    /** Runs a database write on the writer thread, after the writes already queued. */
    void write(Runnable task) {
        writer.execute(task);
    }

    void forget(UUID server) {
        ids.remove(server);
    }

    private void flush() {
        try {
            List<ConsoleLine> batch = new ArrayList<>();
            ConsoleLine line;
            while ((line = pending.poll()) != null) {
                batch.add(line);
            }
            batch.forEach(events::publish);
        } catch (RuntimeException e) {
            LOG.warn("publishing console lines failed", e);
        }
    }

    @Override
    public void close() {
        flusher.shutdown();
        flush();
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
