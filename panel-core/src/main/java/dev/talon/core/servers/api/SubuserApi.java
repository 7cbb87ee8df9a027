package dev.talon.core.servers.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.ActivityLog;
import dev.talon.api.ActivityLog.Activity;
import dev.talon.core.auth.User;
import dev.talon.core.auth.Users;
import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.ServerPermissions;
import dev.talon.core.servers.Subusers;
import dev.talon.core.servers.web.ServerLookup;
import dev.talon.core.servers.web.ServerLookup.Access;
import dev.talon.core.web.Gate;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpResponseException;
import io.javalin.http.NotFoundResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pterodactyl's subuser endpoints ({@code /users}): list, add by e-mail, change permissions,
 * remove. Grants are checked here: only known permission strings, never one the granting user
 * does not hold, never the owner or oneself. Users are identified by their numeric id.
 */
public final class SubuserApi {

    private final Subusers subusers;
    private final Users users;
    private final ServerPermissions permissions;
    private final ServerLookup lookup;
    private final ActivityLog activity;
    private final ObjectMapper json;

    public SubuserApi(Subusers subusers, Users users, ServerPermissions permissions, ServerLookup lookup, ActivityLog activity,
            ObjectMapper json) {
        this.subusers = subusers;
        this.users = users;
        this.permissions = permissions;
        this.lookup = lookup;
        this.activity = activity;
        this.json = json;
    }

    void register(RoutesConfig routes, String server, Gate gate) {
        routes.get(server + "/users", gate.api(this::list));
        routes.post(server + "/users", gate.api(this::create));
        routes.get(server + "/users/{user}", gate.api(this::show));
        routes.post(server + "/users/{user}", gate.api(this::update));
        routes.delete(server + "/users/{user}", gate.api(this::delete));
    }

    private void list(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.USER_READ);
        List<Object> data = new ArrayList<>();
        subusers.list(access.server().id()).forEach(s -> data.add(transform(s)));
        ctx.json(PteroJson.list(data, data.size()));
    }

    private void show(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.USER_READ);
        ctx.json(transform(find(access.server(), ctx.pathParam("user"))));
    }

    private void create(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.USER_CREATE);
        JsonNode body = PteroJson.requestBody(ctx, json);
        User user = users.findByEmail(body.path("email").asText(""))
                .orElseThrow(() -> new HttpResponseException(422, "There is no account with that e-mail address.", Map.of()));
        if (user.id() == access.server().ownerId() || user.id() == access.user().id()) {
            throw new HttpResponseException(422, "The owner or yourself can't be added as a subuser.", Map.of());
        }
        if (subusers.permissions(access.server().id(), user.id()).isPresent()) {
            throw new HttpResponseException(400, "That user is already a subuser of this server.", Map.of());
        }
        Set<String> granted = permissions.grantable(access::can, ClientApiRoutes.strings(body.path("permissions")));
        subusers.put(access.server().id(), user.id(), granted);
        activity.record(new Activity(access.actorId(), "server.subuser.create", access.server().subject(), ctx.ip(),
                Map.of("email", user.email(), "permissions", granted)));
        ctx.json(transform(find(access.server(), String.valueOf(user.id()))));
    }

    private void update(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.USER_UPDATE);
        Subusers.Subuser subuser = find(access.server(), ctx.pathParam("user"));
        if (subuser.userId() == access.user().id()) {
            throw new ForbiddenResponse("You can't change your own permissions.");
        }
        Set<String> granted = permissions.grantable(access::can, ClientApiRoutes.strings(PteroJson.requestBody(ctx, json).path("permissions")));
        subusers.put(access.server().id(), subuser.userId(), granted);
        activity.record(new Activity(access.actorId(), "server.subuser.update", access.server().subject(), ctx.ip(),
                Map.of("email", subuser.email(), "permissions", granted)));
        ctx.json(transform(find(access.server(), String.valueOf(subuser.userId()))));
    }

    private void delete(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.USER_DELETE);
        Subusers.Subuser subuser = find(access.server(), ctx.pathParam("user"));
        if (subuser.userId() == access.user().id()) {
            throw new ForbiddenResponse("You can't remove yourself.");
        }
        subusers.remove(access.server().id(), subuser.userId());
        activity.record(new Activity(access.actorId(), "server.subuser.delete", access.server().subject(), ctx.ip(),
                Map.of("email", subuser.email())));
        ctx.status(204);
    }

    /**
     * The requested grants, if every one is a known permission the granting user holds;
     * {@code websocket.connect} is added as Pterodactyl does (when the granting user holds it).
     */
    private Subusers.Subuser find(GameServer server, String userId) {
        return subusers.list(server.id()).stream().filter(s -> String.valueOf(s.userId()).equals(userId)).findFirst()
                .orElseThrow(() -> new NotFoundResponse("The requested resource could not be found on the server."));
    }

    private static Map<String, Object> transform(Subusers.Subuser s) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("uuid", String.valueOf(s.userId()));
        a.put("username", s.name());
        a.put("email", s.email());
        a.put("image", "");
        a.put("2fa_enabled", false);
        a.put("created_at", PteroJson.time(s.createdAt()));
        a.put("permissions", List.copyOf(new TreeSet<>(s.permissions())));
        return PteroJson.object("server_subuser", a);
    }

}
