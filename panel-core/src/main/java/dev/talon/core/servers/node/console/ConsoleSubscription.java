package dev.talon.core.servers.node.console;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
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

    private final BlockingQueue<ConsoleEntry> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Runnable unregister;
    private final Thread worker;
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;

    ConsoleSubscription(ConsoleSink sink, List<ConsoleEntry> backlog, int queueCapacity, Runnable unregister) {
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.unregister = unregister;
        this.worker = Thread.ofVirtual().name("console-subscriber").unstarted(() -> drain(sink, backlog));
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

    private void drain(ConsoleSink sink, List<ConsoleEntry> backlog) {
        try {
            for (ConsoleEntry entry : backlog) {
                if (closing.get()) {
                    return;
                }
                sink.accept(entry);
            }
            while (!closing.get()) {
                ConsoleEntry entry = queue.take();
                if (entry == CLOSED) {
                    return;
                }
                sink.accept(entry);
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
