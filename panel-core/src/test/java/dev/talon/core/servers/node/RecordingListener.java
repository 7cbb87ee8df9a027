package dev.talon.core.servers.node;

import dev.talon.core.servers.node.console.ConsoleEntry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** Records every node event for assertions; {@link #await} polls with a deadline instead of fixed sleeps. */
final class RecordingListener implements NodeListener {

    final List<ServerStateChange> states = new CopyOnWriteArrayList<>();
    final List<ServerCrash> crashes = new CopyOnWriteArrayList<>();
    final List<ConsoleEntry> lines = new CopyOnWriteArrayList<>();
    final List<ResourceUsage> metrics = new CopyOnWriteArrayList<>();
    final List<Long> orphans = new CopyOnWriteArrayList<>();

    @Override
    public void onStateChanged(ServerStateChange change) {
        states.add(change);
    }

    @Override
    public void onCrash(ServerCrash crash) {
        crashes.add(crash);
    }

    @Override
    public void onConsoleLine(UUID server, ConsoleEntry line) {
        lines.add(line);
    }

    @Override
    public void onMetrics(ResourceUsage sample) {
        metrics.add(sample);
    }

    @Override
    public void onOrphanKilled(UUID server, long pid) {
        orphans.add(pid);
    }

    List<PowerState> stateSequence() {
        return states.stream().map(ServerStateChange::to).toList();
    }

    long count(PowerState state) {
        return states.stream().filter(change -> change.to() == state).count();
    }

    boolean printed(String text) {
        return lines.stream().anyMatch(line -> line.text().contains(text));
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }
}
