package dev.talon.api.web;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * An add-on route.
 *
 * @param area where it lives; its path must start with {@link Area#prefix()} (client routes may not
 *     start with {@code /admin/}, {@code /api/} or {@code /auth/})
 * @param method the HTTP method
 * @param path the path, with {@code {name}} segments for parameters, e.g. {@code /admin/ai/models/{name}}
 * @param permission the permission a user needs, or {@code null} when signing in (and, for
 *     {@link Area#ADMIN}, being a root administrator) is enough
 * @param enabled checked per request; when false the route answers 404 (feature toggles)
 * @param handler the handler
 */
public record Route(
        Area area, HttpMethod method, String path, String permission, BooleanSupplier enabled, RouteHandler handler) {

    public Route {
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
        enabled = enabled == null ? () -> true : enabled;
    }

    public static Route of(Area area, HttpMethod method, String path, RouteHandler handler) {
        return new Route(area, method, path, null, null, handler);
    }

    /** A copy that requires the permission. */
    public Route requires(String permissionKey) {
        return new Route(area, method, path, permissionKey, enabled, handler);
    }

    /** A copy that answers 404 while the condition is false. */
    public Route when(BooleanSupplier condition) {
        return new Route(area, method, path, permission, condition, handler);
    }
}
