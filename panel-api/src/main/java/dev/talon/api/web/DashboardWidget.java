package dev.talon.api.web;

import dev.talon.api.PanelUser;

/**
 * A tile on the admin or client dashboard.
 *
 * <p>A widget renders from data already stored (by a job or a listener), never by calling a slow
 * service. The host renders all widgets of a dashboard in parallel and gives each a short budget;
 * one that throws or takes too long shows as "unavailable" and the rest of the page is unaffected.
 */
public interface DashboardWidget {

    /** Stable id, unique within the add-on; used for ordering and in element ids. */
    String id();

    /** The tile's heading. */
    String title();

    /** {@link Area#ADMIN} or {@link Area#CLIENT}. */
    Area area();

    /** Renders the tile's body for this user. May be called concurrently. */
    Html render(PanelUser viewer) throws Exception;

    /** Grid columns the tile spans (1 to 3). */
    default int columns() {
        return 1;
    }

    /** Order on the dashboard (core widgets use multiples of 100). */
    default int order() {
        return 500;
    }

    /** A permission the viewer needs, or {@code null}. */
    default String permission() {
        return null;
    }

    /** Checked per render; the widget is hidden while false (feature toggles). */
    default boolean enabled() {
        return true;
    }
}
