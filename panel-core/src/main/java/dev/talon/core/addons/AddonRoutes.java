package dev.talon.core.addons;

import dev.talon.api.ActivityLog;
import dev.talon.api.ActivityLog.Activity;
import dev.talon.api.web.Area;
import dev.talon.core.web.Flash;
import dev.talon.core.web.Gate;
import dev.talon.core.web.Pages;
import dev.talon.core.web.Principal;
import dev.talon.core.web.RouteModule;
import dev.talon.core.web.Shell;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** The admin add-ons page: state and failure of each add-on; enable, disable, reload, rescan. */
public final class AddonRoutes implements RouteModule {

    /** The model of {@code admin/addons.jte}. */
    public record AddonsPage(Shell shell, List<AddonStatus> addons, String folder) {}

    private final java.util.function.Supplier<AddonManager> managers;
    private final ActivityLog activity;
    private final Pages pages;
    private final Gate gate;
    private final String folder;

    public AddonRoutes(java.util.function.Supplier<AddonManager> managers, ActivityLog activity, Pages pages, Gate gate, String folder) {
        this.managers = managers;
        this.activity = activity;
        this.pages = pages;
        this.gate = gate;
        this.folder = folder;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/admin/addons", gate.admin(ctx -> pages.render(ctx, "admin/addons.jte",
                new AddonsPage(pages.shell(ctx, "Add-ons", Area.ADMIN), managers.get().list(), folder))));
        routes.post("/admin/addons/rescan", gate.admin(this::rescan));
        routes.post("/admin/addons/{id}/enable", gate.admin(ctx -> act(ctx, "enable")));
        routes.post("/admin/addons/{id}/disable", gate.admin(ctx -> act(ctx, "disable")));
        routes.post("/admin/addons/{id}/reload", gate.admin(ctx -> act(ctx, "reload")));
        routes.get("/api/admin/addons", gate.guard(Area.API, null, ctx -> {
            if (!Principal.of(ctx).admin()) {
                throw new io.javalin.http.NotFoundResponse("Not found.");
            }
            ctx.json(Map.of("data", managers.get().list()));
        }));
    }

    private void act(Context ctx, String action) {
        String id = ctx.pathParam("id");
        AddonStatus status = switch (action) {
            case "enable" -> managers.get().enable(id);
            case "disable" -> managers.get().disable(id);
            default -> managers.get().reload(id);
        };
        activity.record(new Activity(Principal.of(ctx).user().id(), "admin.addon." + action, "addon:" + id, ctx.ip(),
                Map.of("state", status.state().name())));
        if (status.state() == AddonStatus.State.FAILED) {
            Flash.error(ctx, id + " failed: " + status.failure());
        } else {
            Flash.ok(ctx, id + " is now " + status.state().name().toLowerCase() + ".");
        }
        ctx.redirect("/admin/addons");
    }

    private void rescan(Context ctx) {
        List<String> added = managers.get().rescan();
        Flash.ok(ctx, added.isEmpty() ? "No new add-ons found." : "Loaded: " + String.join(", ", added));
        ctx.redirect("/admin/addons");
    }
}
