package dev.talon.core.servers.node.console;

import dev.talon.core.servers.node.PowerState;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The console of one server: a ring buffer of the last lines and the live viewers. It outlives
 * the processes of the server, so viewers stay subscribed across restarts.
 *
 * <p>Threading: {@link #publish} is called by the one reader thread of the current process
 * (and by the node for daemon lines); it never blocks on viewers. Subscribing takes the backlog
 * and registers the viewer under the same lock as publishing, so a viewer sees every line
 * exactly once: first the backlog, then live lines.
 */
public final class ConsoleHub {

    public static final int DEFAULT_CAPACITY = 1_000;

    private final ConsoleBuffer buffer;
    private final List<ConsoleSubscription> subscribers = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private long sequence;

    public ConsoleHub(int capacity, Clock clock) {
        this.buffer = new ConsoleBuffer(capacity);
        this.clock = clock;
    }

    /** Adds a line to the buffer and hands it to every viewer; returns the numbered entry. */
    public ConsoleEntry publish(String text, ConsoleStream stream) {
        ConsoleEntry entry;
        synchronized (this) {
            entry = new ConsoleEntry(++sequence, text, stream, clock.instant());
            buffer.add(entry);
            for (ConsoleSubscription subscriber : subscribers) {
                subscriber.offer(entry);
            }
        }
        return entry;
    }

    /**
     * Hands a state change to every viewer in line order: under the lock that orders the lines,
     * so a viewer sees it after every line published before it. Not buffered (a new viewer
     * asks for the current state).
     */
    public synchronized void publishState(PowerState to) {
        for (ConsoleSubscription subscriber : subscribers) {
            subscriber.offerState(to);
        }
    }

    /** The buffered lines, oldest first. */
    public synchronized List<ConsoleEntry> recent() {
        return buffer.snapshot();
    }

    /**
     * Starts delivering lines to {@code sink}.
     *
     * @param replay whether to deliver the buffered lines first
     * @param queueCapacity how many lines may wait for this viewer before lines are dropped
     */
    public ConsoleSubscription subscribe(ConsoleSink sink, boolean replay, int queueCapacity) {
        return subscribe(sink, replay, queueCapacity, null);
    }

    /**
     * As {@link #subscribe(ConsoleSink, boolean, int)}, first telling the sink {@code current}
     * (when not null). The caller holds whatever orders state changes (the server's monitor), so
     * no change falls between {@code current} and the marks that follow.
     */
    public ConsoleSubscription subscribe(ConsoleSink sink, boolean replay, int queueCapacity, PowerState current) {
        ConsoleSubscription subscription;
        synchronized (this) {
            List<ConsoleEntry> backlog = replay ? buffer.snapshot() : List.of();
            ConsoleSubscription[] self = new ConsoleSubscription[1];
            subscription = new ConsoleSubscription(sink, current, backlog, queueCapacity, () -> subscribers.remove(self[0]));
            self[0] = subscription;
            subscribers.add(subscription);
        }
        subscription.start();
        return subscription;
    }

    public int subscriberCount() {
        return subscribers.size();
    }

    /** Ends every subscription (node shutdown). */
    public void closeAll() {
        subscribers.forEach(ConsoleSubscription::close);
    }
}
