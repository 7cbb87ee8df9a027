package dev.talon.api.events;

/**
 * Receives panel events. Override what you need; new kinds of events arrive as new default
 * methods, so listeners written today keep compiling.
 *
 * <p>Threading: each listener gets its own bounded queue drained by one virtual thread, so calls
 * to one listener never overlap and a slow listener never delays the server or other listeners.
 * When its queue is full, events for it are dropped and counted (metric
 * {@code talon.events.dropped}).
 */
public interface PanelEventListener {

    default void onServerState(ServerStateChanged event) {}

    default void onConsoleLine(ConsoleLine event) {}

    default void onMetrics(MetricsSample event) {}

    /** Any other event type; the default ignores it. */
    default void onOther(PanelEvent event) {}
}
