package dev.talon.api;

import io.javalin.http.ForbiddenResponse;

/**
 * Permission checks. Root administrators hold every permission. Clients hold the client
 * permissions registered by the core and add-ons; per-server permissions of subusers are checked
 * with {@link #can(PanelUser, String, String)}.
 */
public interface AccessControl {

    /** Whether the user holds the permission panel-wide. */
    boolean can(PanelUser user, String permission);

    /**
     * Whether the user holds the permission on one server (as its owner, a subuser granted it, or
     * an administrator). The default, for hosts without servers, is the panel-wide check.
     */
    default boolean can(PanelUser user, String permission, String serverUuid) {
        return can(user, permission);
    }

    /** Throws a 403 unless {@link #can(PanelUser, String)}. */
    default void require(PanelUser user, String permission) {
        if (!can(user, permission)) {
            throw new ForbiddenResponse("You do not have the permission \"" + permission + "\".");
        }
    }
}
