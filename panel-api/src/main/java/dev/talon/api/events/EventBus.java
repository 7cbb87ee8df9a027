package dev.talon.api.events;

/** Publishes panel events to listeners. Thread-safe; {@link #publish} never blocks. */
public interface EventBus {

    void publish(PanelEvent event);

    /**
     * Subscribes outside the registrar (for objects that live shorter than the add-on).
     *
     * @return closing it unsubscribes
     */
    AutoCloseable subscribe(PanelEventListener listener);
}
