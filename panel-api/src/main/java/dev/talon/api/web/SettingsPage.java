package dev.talon.api.web;

import java.util.Objects;

/**
 * A link on the admin settings page to a settings screen served by the add-on's own admin route.
 *
 * @param title the link text
 * @param path an admin path the add-on registered
 * @param description one line under the link
 */
public record SettingsPage(String title, String path, String description) {
    public SettingsPage {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(path, "path");
        if (!path.startsWith(Area.ADMIN.prefix())) {
            throw new IllegalArgumentException("Settings pages live under /admin/: " + path);
        }
        description = description == null ? "" : description;
    }
}
