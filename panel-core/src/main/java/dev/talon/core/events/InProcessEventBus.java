package dev.talon.core.events;

import dev.talon.api.events.ConsoleLine;
import dev.talon.api.events.EventBus;
import dev.talon.api.events.MetricsSample;
import dev.talon.api.events.PanelEvent;
import dev.talon.api.events.PanelEventListener;
import dev.talon.api.events.ServerStateChanged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to listeners, each through its own bounded queue and virtual thread: a slow or
 * failing listener never blocks the publisher (a server's console reader) or other listeners.
 * When a listener's queue is full its events are dropped and counted.
 */
public final class InProcessEventBus implements EventBus, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InProcessEventBus.class);
    static final int QUEUE_CAPACITY = 10_000;

    private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Counter dropped;

    public InProcessEventBus(MeterRegistry metrics) {
        this.dropped = Counter.builder("talon.events.dropped").description("Events dropped because a listener fell behind")
                .register(metrics);
    }

    @Override
    public void publish(PanelEvent event) {
        for (Subscriber subscriber : subscribers) {
            if (!subscriber.queue.offer(event)) {
                dropped.increment();
            }
        }
    }

    @Override
    public AutoCloseable subscribe(PanelEventListener listener) {
        var subscriber = new Subscriber(listener);
        subscribers.add(subscriber);
        subscriber.thread = Thread.ofVirtual().name("event-listener-" + listener.getClass().getSimpleName()).start(subscriber::drain);
        return () -> {
            subscribers.remove(subscriber);
            subscriber.thread.interrupt();
        };
    }

    @Override
    public void close() {
        subscribers.forEach(s -> s.thread.interrupt());
        subscribers.clear();
    }

    private static final class Subscriber {
        final PanelEventListener listener;
        final BlockingQueue<PanelEvent> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        volatile Thread thread;

        Subscriber(PanelEventListener listener) {
            this.listener = listener;
        }

        void drain() {
            while (!Thread.currentThread().isInterrupted()) {
                PanelEvent event;
                try {
                    event = queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    switch (event) {
                        case ServerStateChanged e -> listener.onServerState(e);
                        case ConsoleLine e -> listener.onConsoleLine(e);
                        case MetricsSample e -> listener.onMetrics(e);
                        default -> listener.onOther(event);
                    }
                } catch (RuntimeException e) {
                    log.warn("Event listener {} failed on {}", listener.getClass().getName(), event.getClass().getSimpleName(), e);
                }
            }
        }
    }
}
