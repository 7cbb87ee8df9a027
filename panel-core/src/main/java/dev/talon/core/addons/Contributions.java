package dev.talon.core.addons;

import dev.talon.api.PermissionDefinition;
import dev.talon.api.events.PanelEventListener;
import dev.talon.api.jobs.JobDefinition;
import dev.talon.api.web.DashboardWidget;
import dev.talon.api.web.NavItem;
import dev.talon.api.web.PageFragment;
import dev.talon.api.web.Route;
import dev.talon.api.web.SettingsPage;
import java.util.List;

/**
 * Everything one source (the core, or one started add-on) contributes; immutable.
 *
 * @param source {@code core} or an add-on id
 */
public record Contributions(
        String source,
        List<Route> routes,
        List<NavItem> nav,
        List<DashboardWidget> widgets,
        List<JobDefinition> jobs,
        List<Object> commands,
        List<SettingsPage> settingsPages,
        List<PermissionDefinition> permissions,
        List<PanelEventListener> listeners,
        List<PageFragment> fragments) {

    public Contributions {
        routes = List.copyOf(routes);
        nav = List.copyOf(nav);
        widgets = List.copyOf(widgets);
        jobs = List.copyOf(jobs);
        commands = List.copyOf(commands);
        settingsPages = List.copyOf(settingsPages);
        permissions = List.copyOf(permissions);
        listeners = List.copyOf(listeners);
        fragments = List.copyOf(fragments);
    }
}
