package dev.talon.core.servers.node.console;

import dev.talon.core.servers.node.PowerState;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One viewer of a console. Lines are queued in a bounded queue and handed to the sink by this
 * subscription's virtual thread; when the queue is full (the viewer is too slow) new lines are
 * dropped and counted, so the process reader never waits. Closing stops the thread.
 */
public final class ConsoleSubscription implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSubscription.class);
    private static final ConsoleEntry CLOSED = new ConsoleEntry(-1, "", ConsoleStream.DAEMON, java.time.Instant.EPOCH);

    // ConsoleEntry lines and PowerState marks, in publishing order
    private final BlockingQueue<Object> queue;
    // the newest state that found the queue full; delivered once the queue has drained
    private final AtomicReference<PowerState> lateState =
            new AtomicReference<>();
    private final AtomicLong dropped = new AtomicLong();
    private final Runnable unregister;
    private final Thread worker;
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;

    ConsoleSubscription(ConsoleSink sink, PowerState current, List<ConsoleEntry> backlog, int queueCapacity, Runnable unregister) {
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.unregister = unregister;
        this.worker = Thread.ofVirtual().name("console-subscriber").unstarted(() -> drain(sink, current, backlog));
    }

    void start() {
        worker.start();
    }

    /** Called by the reader thread; never blocks. */
    void offer(ConsoleEntry entry) {
        if (!closing.get() && !queue.offer(entry)) {
            dropped.incrementAndGet();
        }
    }

    /** Called under the hub's lock; never blocks. A state is never dropped, at worst delivered late. */
    void offerState(PowerState to) {
        if (!closing.get() && !queue.offer(to)) {
            lateState.set(to);
        }
    }

    /** Lines this viewer missed because it was too slow. */
    public long dropped() {
        return dropped.get();
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        unregister.run();
        closed = true; // only after unregistering, so isClosed() implies the hub no longer holds it
        queue.clear();
        queue.offer(CLOSED);
        worker.interrupt();
    }

    private void drain(ConsoleSink sink, PowerState current, List<ConsoleEntry> backlog) {
        try {
            if (current != null) {
                sink.state(current);
            }
            for (ConsoleEntry entry : backlog) {
                if (closing.get()) {
                    return;
                }
                sink.accept(entry);
            }
            while (!closing.get()) {
                Object item = queue.poll();
                if (item == null) {
                    var late = lateState.getAndSet(null);
                    if (late != null) {
                        sink.state(late);
                        continue;
                    }
                    item = queue.take();
                }
                if (item == CLOSED) {
                    return;
                }
                if (item instanceof ConsoleEntry entry) {
                    sink.accept(entry);
                } else if (item instanceof PowerState state) {
                    sink.state(state);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // a failing sink (e.g. a closed WebSocket) ends only this subscription
            LOG.debug("console subscriber failed, unsubscribing", e);
            close();
        }
    }
}
