package dev.talon.core.servers;

import dev.talon.api.AccessControl;
import dev.talon.api.PanelUser;
import java.util.Set;
import java.util.UUID;

/**
 * The panel's {@link AccessControl} with real per-server checks: panel-wide questions go to the
 * wrapped panel-wide control; per-server ones resolve the user's permissions on the server (owner
 * and root administrators: {@code *}; subusers: their grants; anyone else: nothing). Thread-safe.
 */
public final class ServerAccess implements AccessControl {

    private final AccessControl panelWide;
    private final ServerRepository servers;
    private final Subusers subusers;

    public ServerAccess(AccessControl panelWide, ServerRepository servers, Subusers subusers) {
        this.panelWide = panelWide;
        this.servers = servers;
        this.subusers = subusers;
    }

    @Override
    public boolean can(PanelUser user, String permission) {
        return panelWide.can(user, permission);
    }

    @Override
    public boolean can(PanelUser user, String permission, String serverUuid) {
        if (user == null || serverUuid == null) {
            return false;
        }
        UUID uuid;
        try {
            uuid = UUID.fromString(serverUuid);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return servers.findByUuid(uuid)
                .map(server -> ServerPermissions.holds(held(user, server), permission))
                .orElse(false);
    }

    /** What the user holds on the server; empty means the server does not exist for them (404). */
    public Set<String> held(PanelUser user, GameServer server) {
        if (user == null) {
            return Set.of();
        }
        if (user.rootAdmin() || server.ownerId() == user.id()) {
            return Set.of(ServerPermissions.ALL);
        }
        return subusers.permissions(server.id(), user.id()).orElse(Set.of());
    }

    /** Whether the user may see the server at all (owner, admin or subuser, even one with no permission). */
    public boolean sees(PanelUser user, GameServer server) {
        return user != null && (user.rootAdmin() || server.ownerId() == user.id()
                || subusers.permissions(server.id(), user.id()).isPresent());
    }
}
