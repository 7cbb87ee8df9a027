package dev.talon.core.web;

import dev.talon.api.PanelUser;
import dev.talon.api.web.Area;
import dev.talon.api.web.Html;
import dev.talon.api.web.Request;
import dev.talon.api.web.Route;
import dev.talon.core.addons.ContributionRegistry;
import dev.talon.core.addons.Contributions;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serves add-on routes. Javalin's routes are fixed when the server starts, but add-ons come and
 * go at run time, so one before-handler looks each request up in the current contributions and,
 * on a match, runs the same gate as core routes and then the add-on's handler.
 *
 * <p>The compiled table is rebuilt when the registry changes and read without locks.
 */
public final class AddonRouter {

    /** Paths the core owns; add-on routes may not start with them. */
    private static final List<String> RESERVED = List.of("/auth/", "/assets/", "/webjars/", "/theme/", "/health", "/ready", "/metrics");

    private record Entry(String addonId, Route route, RoutePattern pattern) {}

    private final Gate gate;
    private final Pages pages;
    private volatile List<Entry> table = List.of();

    public AddonRouter(ContributionRegistry registry, Gate gate, Pages pages) {
        this.gate = gate;
        this.pages = pages;
        registry.onChange(this::rebuild);
        rebuild(registry);
    }

    /** Checks an add-on's routes before it starts; the message names the offending route. */
    public static void validate(Route route, Set<String> corePaths) {
        String path = route.path();
        if (!path.startsWith(route.area().prefix()) && !(route.area() == Area.ADMIN && path.equals("/admin"))) {
            throw new IllegalArgumentException(route.area() + " route must start with " + route.area().prefix() + ": " + path);
        }
        if (route.area() == Area.CLIENT && (path.startsWith("/admin") || path.startsWith("/api/"))) {
            throw new IllegalArgumentException("Client route may not live under /admin or /api/: " + path);
        }
        for (String reserved : RESERVED) {
            if (path.startsWith(reserved)) {
                throw new IllegalArgumentException("Route path is reserved by the panel: " + path);
            }
        }
        if (corePaths.contains(path)) {
            throw new IllegalArgumentException("Route path is already a panel route: " + path);
        }
        RoutePattern pattern = RoutePattern.compile(path);
        // Add-on routes are dispatched before the core's, so a parameter segment must not capture a core page
        // (e.g. /{slug} would take over /account), nor a literal path fill a core parameter (/admin/users/new).
        for (String core : corePaths) {
            if (!core.startsWith("/") || core.contains("*")) {
                continue;
            }
            if (pattern.match(core) != null || RoutePattern.compile(core.replaceAll("<([^>]+)>", "{$1}")).match(path) != null) {
                throw new IllegalArgumentException("Route " + path + " would shadow the panel route " + core);
            }
        }
    }

    /**
     * Refuses routes that would compete with a route another running add-on already serves (same
     * method, overlapping paths). Dispatch takes the first match, so without this check the add-on
     * that happened to start first would silently win.
     *
     * @throws IllegalArgumentException naming both routes and the other add-on
     */
    public static void checkNoClash(String addonId, List<Route> routes, ContributionRegistry registry) {
        for (Contributions other : registry.all()) {
            if (other.source().equals(addonId)) {
                continue;
            }
            for (Route theirs : other.routes()) {
                for (Route mine : routes) {
                    if (mine.method() == theirs.method()
                            && RoutePattern.compile(mine.path()).overlaps(RoutePattern.compile(theirs.path()))) {
                        throw new IllegalArgumentException("Route " + mine.method() + " " + mine.path()
                                + " clashes with " + theirs.method() + " " + theirs.path()
                                + ", already served by add-on '" + other.source() + "'");
                    }
                }
            }
        }
    }

    private void rebuild(ContributionRegistry registry) {
        var entries = new ArrayList<Entry>();
        for (Contributions c : registry.all()) {
            for (Route route : c.routes()) {
                entries.add(new Entry(c.source(), route, RoutePattern.compile(route.path())));
            }
        }
        table = List.copyOf(entries);
    }

    /** Runs as a before-handler: serves the request if an add-on route matches it. */
    void dispatch(Context ctx) throws Exception {
        String method = ctx.method().name();
        String path = ctx.path();
        for (Entry entry : table) {
            if (!entry.route().method().name().equals(method)) {
                continue;
            }
            Map<String, String> params = entry.pattern().match(path);
            if (params == null) {
                continue;
            }
            ctx.skipRemainingHandlers();
            if (!entry.route().enabled().getAsBoolean()) {
                throw new NotFoundResponse("There is nothing at this address.");
            }
            gate.check(ctx, entry.route().area(), entry.route().permission());
            entry.route().handler().handle(new AddonRequest(ctx, params, entry.route().area()));
            return;
        }
    }

    private final class AddonRequest implements Request {
        private final Context ctx;
        private final Map<String, String> params;
        private final Area area;

        AddonRequest(Context ctx, Map<String, String> params, Area area) {
            this.ctx = ctx;
            this.params = params;
            this.area = area;
        }

        @Override
        public Context ctx() {
            return ctx;
        }

        @Override
        public PanelUser user() {
            return Principal.of(ctx).user().toPanelUser();
        }

        @Override
        public String pathParam(String name) {
            String value = params.get(name);
            if (value == null) {
                throw new NotFoundResponse("There is nothing at this address.");
            }
            return value;
        }

        @Override
        public String csrfToken() {
            var session = Principal.of(ctx).session();
            return session == null ? "" : session.csrfToken();
        }

        @Override
        public boolean viaApiKey() {
            return Principal.of(ctx).viaApiKey();
        }

        @Override
        public void flashOk(String message) {
            Flash.ok(ctx, message);
        }

        @Override
        public void flashError(String message) {
            Flash.error(ctx, message);
        }

        @Override
        public void renderPage(String title, Html body) {
            pages.renderHtmlPage(ctx, title, area == Area.ADMIN ? Area.ADMIN : Area.CLIENT, body);
        }
    }
}
