package dev.talon.core.dashboard;

import dev.talon.api.web.Area;
import dev.talon.core.web.Gate;
import dev.talon.core.web.Pages;
import dev.talon.core.web.Principal;
import dev.talon.core.web.RouteModule;
import dev.talon.core.web.Shell;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/** The admin dashboard ({@code /admin}) and the client dashboard ({@code /}). */
public final class DashboardRoutes implements RouteModule {

    /** The model of {@code dashboard/dashboard.jte}. */
    public record DashboardPage(Shell shell, String heading, List<Widgets.Tile> tiles) {}

    private final Widgets widgets;
    private final Pages pages;
    private final Gate gate;

    public DashboardRoutes(Widgets widgets, Pages pages, Gate gate) {
        this.widgets = widgets;
        this.pages = pages;
        this.gate = gate;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/", gate.client(ctx -> show(ctx, Area.CLIENT, "Dashboard")));
        routes.get("/admin", gate.admin(ctx -> show(ctx, Area.ADMIN, "Admin dashboard")));
    }

    private void show(Context ctx, Area area, String heading) {
        var user = Principal.of(ctx).user().toPanelUser();
        pages.render(ctx, "dashboard/dashboard.jte", new DashboardPage(pages.shell(ctx, heading, area), heading, widgets.render(user, area)));
    }
}
