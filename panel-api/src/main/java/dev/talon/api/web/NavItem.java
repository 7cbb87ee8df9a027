package dev.talon.api.web;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A menu entry.
 *
 * @param area {@link Area#ADMIN} or {@link Area#CLIENT}
 * @param label the visible text
 * @param path where it links
 * @param icon an emoji or short symbol shown before the label; may be empty
 * @param permission shown only to users holding it, or {@code null}
 * @param order position among items (core items use multiples of 100)
 * @param enabled checked per render; the item is hidden while false
 */
public record NavItem(
        Area area, String label, String path, String icon, String permission, int order, BooleanSupplier enabled) {

    public NavItem {
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(path, "path");
        if (area == Area.API) {
            throw new IllegalArgumentException("Navigation items belong to the admin or client area");
        }
        icon = icon == null ? "" : icon;
        enabled = enabled == null ? () -> true : enabled;
    }

    public static NavItem of(Area area, String label, String path, String icon, int order) {
        return new NavItem(area, label, path, icon, null, order, null);
    }

    public NavItem requires(String permissionKey) {
        return new NavItem(area, label, path, icon, permissionKey, order, enabled);
    }

    public NavItem when(BooleanSupplier condition) {
        return new NavItem(area, label, path, icon, permission, order, condition);
    }
}
