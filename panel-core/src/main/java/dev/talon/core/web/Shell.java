package dev.talon.core.web;

import dev.talon.api.web.Area;
import dev.talon.api.web.Html;
import dev.talon.core.auth.User;
import java.util.List;

/**
 * What the layout needs around every page: title, viewer, menu, theme, CSRF token, a one-time
 * flash message and add-on fragments. Built per request by {@link Pages}.
 */
public record Shell(
        String title,
        Area area,
        User user,
        List<NavLink> nav,
        String csrf,
        String theme,
        Flash flash,
        List<Html> fragments,
        String path) {

    /** A menu entry as rendered. */
    public record NavLink(String label, String href, String icon, boolean active) {}

    public boolean signedIn() {
        return user != null;
    }

    public boolean admin() {
        return user != null && user.rootAdmin();
    }
}
