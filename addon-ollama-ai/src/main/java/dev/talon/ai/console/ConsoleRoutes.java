package dev.talon.ai.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.api.AccessControl;
import dev.talon.api.Registrar;
import dev.talon.api.servers.ServerDirectory;
import dev.talon.api.web.Area;
import dev.talon.api.web.HttpMethod;
import dev.talon.api.web.Request;
import dev.talon.api.web.Route;
import io.javalin.http.NotFoundResponse;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /ai/console/{identifier}/suggest?q=}: instant suggestions as JSON
 * ({@code {"suggestions":[…]}}). A server whose console the user may not use is a 404.
 */
public final class ConsoleRoutes {

    /** The host's permission to use a server's console; the suggestions serve that console. */
    static final String CONSOLE = "control.console";

    private final ConsoleSuggestions suggestions;
    private final ServerDirectory servers;
    private final AccessControl access;
    private final BooleanSupplier enabled;
    private final ObjectMapper json = new ObjectMapper();

    public ConsoleRoutes(ConsoleSuggestions suggestions, ServerDirectory servers, AccessControl access, BooleanSupplier enabled) {
        this.suggestions = suggestions;
        this.servers = servers;
        this.access = access;
        this.enabled = enabled;
    }

    public void register(Registrar registrar) {
        registrar.route(Route.of(Area.CLIENT, HttpMethod.GET, "/ai/console/{identifier}/suggest", this::suggest).when(enabled));
    }

    private void suggest(Request r) {
        var server = servers.find(r.pathParam("identifier"))
                .filter(s -> access.can(r.user(), CONSOLE, s.uuid()))
                .orElseThrow(() -> new NotFoundResponse("There is no such server."));
        ObjectNode out = json.createObjectNode();
        var list = out.putArray("suggestions");
        suggestions.suggest(server.uuid(), r.ctx().queryParam("q"), 8).forEach(list::add);
        r.ctx().contentType("application/json").header("Cache-Control", "no-store").result(out.toString());
    }
}
