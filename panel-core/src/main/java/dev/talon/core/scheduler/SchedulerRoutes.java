package dev.talon.core.scheduler;

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
import io.javalin.http.NotFoundResponse;
import java.util.List;
import java.util.Map;

/** The admin scheduler page: jobs, next fire time, last result, recent runs and "run now". */
public final class SchedulerRoutes implements RouteModule {

    /** The model of {@code admin/scheduler.jte}. */
    public record SchedulerPage(Shell shell, List<PanelScheduler.JobView> jobs, boolean running, boolean clustered) {}

    private final PanelScheduler scheduler;
    private final ActivityLog activity;
    private final Pages pages;
    private final Gate gate;
    private final boolean clustered;

    public SchedulerRoutes(PanelScheduler scheduler, ActivityLog activity, Pages pages, Gate gate, boolean clustered) {
        this.scheduler = scheduler;
        this.activity = activity;
        this.pages = pages;
        this.gate = gate;
        this.clustered = clustered;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/admin/scheduler", gate.admin(ctx -> pages.render(ctx, "admin/scheduler.jte",
                new SchedulerPage(pages.shell(ctx, "Scheduler", Area.ADMIN), scheduler.jobs(), scheduler.isRunning(), clustered))));
        routes.post("/admin/scheduler/{group}/{key}/run", gate.admin(this::runNow));
    }

    private void runNow(Context ctx) {
        String group = ctx.pathParam("group");
        String key = ctx.pathParam("key");
        if (!scheduler.triggerNow(group, key)) {
            throw new NotFoundResponse("There is no such job.");
        }
        activity.record(new Activity(Principal.of(ctx).user().id(), "admin.job.run", "job:" + group + "/" + key, ctx.ip(), Map.of()));
        Flash.ok(ctx, "Started " + group + "/" + key + ". Its result appears here when it finishes.");
        ctx.redirect("/admin/scheduler");
    }
}
