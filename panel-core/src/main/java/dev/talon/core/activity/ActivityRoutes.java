package dev.talon.core.activity;

import dev.talon.api.web.Area;
import dev.talon.core.web.Gate;
import dev.talon.core.web.Pages;
import dev.talon.core.web.RouteModule;
import dev.talon.core.web.Shell;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/** The admin activity log page with filters and paging. */
public final class ActivityRoutes implements RouteModule {

    private static final int PAGE_SIZE = 50;

    /** The model of {@code admin/activity.jte}. */
    public record ActivityPage(Shell shell, List<ActivityRepository.Entry> entries, ActivityRepository.Filter filter,
                               int page, boolean hasNext) {}

    private final ActivityRepository activity;
    private final Pages pages;
    private final Gate gate;

    public ActivityRoutes(ActivityRepository activity, Pages pages, Gate gate) {
        this.activity = activity;
        this.pages = pages;
        this.gate = gate;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/admin/activity", gate.admin(this::show));
    }

    private void show(Context ctx) {
        var filter = new ActivityRepository.Filter(ctx.queryParam("actor"), ctx.queryParam("action"), ctx.queryParam("subject"), null);
        int page = Math.max(1, parseInt(ctx.queryParam("page")));
        var entries = activity.search(filter, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE);
        boolean hasNext = entries.size() > PAGE_SIZE;
        pages.render(ctx, "admin/activity.jte", new ActivityPage(pages.shell(ctx, "Activity", Area.ADMIN),
                hasNext ? entries.subList(0, PAGE_SIZE) : entries, filter, page, hasNext));
    }

    private static int parseInt(String raw) {
        try {
            return raw == null ? 1 : Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
