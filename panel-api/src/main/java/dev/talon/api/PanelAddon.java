package dev.talon.api;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * The one entry point of an add-on: its composition root.
 *
 * <p>Lifecycle: the host instantiates the extension once per enable, runs the Flyway migrations
 * found at {@link #migrationLocations()}, then calls {@link #start} on a single thread. Whatever
 * {@code start} registers is live until {@link #stop()} is called (on disable, reload or panel
 * shutdown). An exception from {@code start} marks the add-on failed; the panel keeps running and
 * shows the failure on the admin add-ons page.
 */
public interface PanelAddon extends ExtensionPoint {

    /**
     * Wires the add-on and registers what it contributes.
     *
     * @param context services of the host, scoped to this add-on
     * @param registrar where contributions are handed over; only valid during this call
     * @throws Exception any failure, which marks the add-on failed without affecting the panel
     */
    void start(AddonContext context, Registrar registrar) throws Exception;

    /** Releases what {@link #start} acquired (threads, clients). Called once; must not throw. */
    default void stop() {}

    /**
     * Classpath locations (inside the add-on jar) of Flyway migrations, for example
     * {@code "classpath:db/ollama-ai"}. They run before {@link #start}, with a history table of the
     * add-on's own. The default is none.
     */
    default List<String> migrationLocations() {
        return List.of();
    }
}
