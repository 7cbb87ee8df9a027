package dev.talon.api.web;

import dev.talon.api.PanelUser;

/**
 * Markup an add-on adds to every full page of the panel, at the end of {@code <body>} (for
 * example a floating chat button with its script). Rendered on each page view, so it must be
 * cheap and must not call slow services.
 */
@FunctionalInterface
public interface PageFragment {

    /**
     * @param viewer the signed-in user
     * @param area the area of the page ({@link Area#ADMIN} or {@link Area#CLIENT})
     * @param path the request path of the page
     * @return markup, or {@link Html#text(String)} of an empty string for nothing
     */
    Html render(PanelUser viewer, Area area, String path);
}
