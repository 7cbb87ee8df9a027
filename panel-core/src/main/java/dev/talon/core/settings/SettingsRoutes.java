package dev.talon.core.settings;

import dev.talon.api.ActivityLog;
import dev.talon.api.ActivityLog.Activity;
import dev.talon.api.web.Area;
import dev.talon.api.web.SettingsPage;
import dev.talon.core.addons.ContributionRegistry;
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

/** Admin settings: the theme, and links to the settings pages of add-ons. */
public final class SettingsRoutes implements RouteModule {

    /** The model of {@code admin/settings.jte}. */
    public record SettingsView(Shell shell, List<String> themes, String theme, List<SettingsPage> addonPages) {}

    private final Themes themes;
    private final ContributionRegistry registry;
    private final ActivityLog activity;
    private final Pages pages;
    private final Gate gate;

    public SettingsRoutes(Themes themes, ContributionRegistry registry, ActivityLog activity, Pages pages, Gate gate) {
        this.themes = themes;
        this.registry = registry;
        this.activity = activity;
        this.pages = pages;
        this.gate = gate;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/admin/settings", gate.admin(ctx -> pages.render(ctx, "admin/settings.jte", new SettingsView(
                pages.shell(ctx, "Settings", Area.ADMIN), themes.available(), themes.current(),
                registry.all().stream().flatMap(c -> c.settingsPages().stream()).toList()))));
        routes.post("/admin/settings/theme", gate.admin(this::selectTheme));
    }

    private void selectTheme(Context ctx) {
        String theme = ctx.formParam("theme");
        if (!themes.exists(theme)) {
            Flash.error(ctx, "There is no theme \"" + theme + "\".");
        } else {
            themes.select(theme);
            activity.record(new Activity(Principal.of(ctx).user().id(), "admin.settings.theme", "theme:" + theme, ctx.ip(), Map.of()));
            Flash.ok(ctx, "Theme set to " + theme + ".");
        }
        ctx.redirect("/admin/settings");
    }
}
