package dev.talon.core.health;

import dev.talon.core.addons.AddonManager;
import dev.talon.core.addons.AddonStatus;
import dev.talon.core.auth.Tokens;
import dev.talon.core.db.Database;
import dev.talon.core.scheduler.PanelScheduler;
import dev.talon.core.web.Principal;
import dev.talon.core.web.RouteModule;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /health} (the process answers), {@code /ready} (database and scheduler work; add-on
 * states listed, a failed add-on does not make the panel unready) and {@code /metrics}
 * (Prometheus text, for signed-in admins or the {@code PANEL_METRICS_TOKEN} bearer).
 */
public final class HealthRoutes implements RouteModule {

    private final Database database;
    private final Supplier<PanelScheduler> scheduler;
    private final Supplier<AddonManager> addons;
    private final PrometheusMeterRegistry prometheus;
    private final String metricsToken;

    public HealthRoutes(Database database, Supplier<PanelScheduler> scheduler, Supplier<AddonManager> addons,
                        PrometheusMeterRegistry prometheus, String metricsToken) {
        this.database = database;
        this.scheduler = scheduler;
        this.addons = addons;
        this.prometheus = prometheus;
        this.metricsToken = metricsToken;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/health", ctx -> ctx.json(Map.of("status", "UP")));
        routes.get("/ready", this::ready);
        routes.get("/metrics", this::metrics);
    }

    private void ready(Context ctx) {
        boolean db = database.isReachable();
        boolean jobs = scheduler.get() != null && scheduler.get().isRunning();
        var addonStates = new LinkedHashMap<String, String>();
        if (addons.get() != null) {
            for (AddonStatus status : addons.get().list()) {
                addonStates.put(status.id(), status.state().name());
            }
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("status", db && jobs ? "UP" : "DOWN");
        body.put("database", db ? "UP" : "DOWN");
        body.put("scheduler", jobs ? "UP" : "DOWN");
        body.put("addons", addonStates);
        ctx.status(db && jobs ? 200 : 503).json(body);
    }

    private void metrics(Context ctx) {
        String auth = ctx.header("Authorization");
        boolean tokenOk = metricsToken != null && auth != null && Tokens.same(auth, "Bearer " + metricsToken);
        if (!tokenOk && !Principal.of(ctx).admin()) {
            throw new NotFoundResponse("Not found.");
        }
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(prometheus.scrape());
    }
}
