package dev.talon.core.servers.web;

import dev.talon.api.PanelUser;
import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.ServerAccess;
import dev.talon.core.servers.ServerPermissions;
import dev.talon.core.servers.ServerProblem;
import dev.talon.core.servers.ServerRepository;
import dev.talon.core.servers.node.NodeException;
import dev.talon.core.servers.node.template.VariableValidationException;
import dev.talon.core.web.Principal;
import io.javalin.http.ConflictResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Finds the server named in a request path ({@code {identifier}}: the 8-character short id or
 * the full uuid, as Pterodactyl accepts both) and checks the caller's permission on it: a server
 * the caller has no access to does not exist for them (404); a missing permission is a 403.
 * Also maps the servers feature's typed errors to HTTP responses. Stateless.
 */
public final class ServerLookup {

    /** A server together with what the current user holds on it. */
    public record Access(GameServer server, Set<String> permissions, PanelUser user) {
        public boolean can(String permission) {
            return ServerPermissions.holds(permissions, permission);
        }

        public boolean owner() {
            return server.ownerId() == user.id();
        }

        public Long actorId() {
            return user.id();
        }
    }

    private final ServerRepository servers;
    private final ServerAccess access;

    public ServerLookup(ServerRepository servers, ServerAccess access) {
        this.servers = servers;
        this.access = access;
    }

    /** The server of {@code {identifier}} if the user may see it, else 404; then 403 unless {@code permission} is held. */
    public Access require(Context ctx, String permission) {
        Access found = find(Principal.of(ctx).user().toPanelUser(), ctx.pathParam("identifier"))
                .orElseThrow(() -> new NotFoundResponse("The requested resource could not be found on the server."));
        if (permission != null && !found.can(permission)) {
            throw new ForbiddenResponse("This action is unauthorized: it needs the permission \"" + permission + "\".");
        }
        return found;
    }

    /** The server if {@code user} may see it. */
    public Optional<Access> find(PanelUser user, String identifier) {
        return byIdentifier(identifier)
                .filter(server -> access.sees(user, server))
                .map(server -> new Access(server, access.held(user, server), user));
    }

    public Optional<GameServer> byIdentifier(String identifier) {
        if (identifier == null) {
            return Optional.empty();
        }
        if (identifier.length() == 8 && identifier.matches("[0-9a-f]{8}")) {
            return servers.findByIdentifier(identifier);
        }
        try {
            return servers.findByUuid(UUID.fromString(identifier));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The HTTP response for a typed error of the servers feature (Pterodactyl's status codes). */
    public static HttpResponseException toHttp(RuntimeException e) {
        return switch (e) {
            case NodeException.ServerOffline o -> new HttpResponseException(HttpStatus.BAD_GATEWAY.getCode(),
                    "Server must be online in order to send commands.", Map.of());
            case NodeException.PowerConflict c -> new ConflictResponse("The server is " + c.state().wireName() + "; that action does not fit.");
            case NodeException.CommandRejected r -> new HttpResponseException(422, "The command was refused: " + r.getMessage(), Map.of());
            case NodeException.UnknownServer u -> new HttpResponseException(409, "The server is not available on its node.", Map.of());
            case NodeException.StartFailed s -> new HttpResponseException(500, s.getMessage(), Map.of());
            case VariableValidationException v -> new HttpResponseException(422, v.getMessage(), Map.of());
            case ServerProblem p -> p.kind() == ServerProblem.Kind.CONFLICT ? new ConflictResponse(p.getMessage())
                    : new HttpResponseException(422, p.getMessage(), Map.of());
            case HttpResponseException h -> h;
            default -> throw e;
        };
    }

    /** Runs {@code action}, turning the feature's typed errors into HTTP responses. */
    public static void mapped(Runnable action) {
        try {
            action.run();
        } catch (NodeException | ServerProblem | VariableValidationException e) {
            throw toHttp(e);
        }
    }
}
