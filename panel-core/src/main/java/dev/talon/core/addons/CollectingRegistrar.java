package dev.talon.core.addons;

import dev.talon.api.PermissionDefinition;
import dev.talon.api.Registrar;
import dev.talon.api.events.PanelEventListener;
import dev.talon.api.jobs.JobDefinition;
import dev.talon.api.web.Area;
import dev.talon.api.web.DashboardWidget;
import dev.talon.api.web.NavItem;
import dev.talon.api.web.PageFragment;
import dev.talon.api.web.Route;
import dev.talon.api.web.SettingsPage;
import dev.talon.core.web.AddonRouter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Collects what an add-on registers during its start, validating each item as it arrives so a
 * mistake fails the start with a message that names it. Used by one thread, once.
 */
final class CollectingRegistrar implements Registrar {

    private final String source;
    private final Supplier<Set<String>> corePaths;
    private final List<Route> routes = new ArrayList<>();
    private final List<NavItem> nav = new ArrayList<>();
    private final List<DashboardWidget> widgets = new ArrayList<>();
    private final List<JobDefinition> jobs = new ArrayList<>();
    private final List<Object> commands = new ArrayList<>();
    private final List<SettingsPage> settingsPages = new ArrayList<>();
    private final List<PermissionDefinition> permissions = new ArrayList<>();
    private final List<PanelEventListener> listeners = new ArrayList<>();
    private final List<PageFragment> fragments = new ArrayList<>();
    private final Set<String> routeKeys = new HashSet<>();
    private boolean closed;

    CollectingRegistrar(String source, Supplier<Set<String>> corePaths) {
        this.source = source;
        this.corePaths = corePaths;
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("The registrar of " + source + " is only valid during start()");
        }
    }

    @Override
    public void route(Route route) {
        open();
        AddonRouter.validate(route, corePaths.get());
        if (!routeKeys.add(route.method() + " " + route.path())) {
            throw new IllegalArgumentException("Route registered twice: " + route.method() + " " + route.path());
        }
        routes.add(route);
    }

    @Override
    public void nav(NavItem item) {
        open();
        nav.add(Objects.requireNonNull(item));
    }

    @Override
    public void widget(DashboardWidget widget) {
        open();
        if (widget.area() == Area.API) {
            throw new IllegalArgumentException("Widget " + widget.id() + " must be for the admin or client dashboard");
        }
        widgets.add(widget);
    }

    @Override
    public void job(JobDefinition job) {
        open();
        if (jobs.stream().anyMatch(j -> j.key().equals(job.key()))) {
            throw new IllegalArgumentException("Job registered twice: " + job.key());
        }
        jobs.add(job);
    }

    @Override
    public void command(Object picocliCommand) {
        open();
        if (picocliCommand.getClass().getAnnotation(CommandLine.Command.class) == null) {
            throw new IllegalArgumentException("CLI command " + picocliCommand.getClass().getName() + " lacks @Command");
        }
        commands.add(picocliCommand);
    }

    @Override
    public void settingsPage(SettingsPage page) {
        open();
        settingsPages.add(Objects.requireNonNull(page));
    }

    @Override
    public void permission(PermissionDefinition permission) {
        open();
        permissions.add(Objects.requireNonNull(permission));
    }

    @Override
    public void listener(PanelEventListener listener) {
        open();
        listeners.add(Objects.requireNonNull(listener));
    }

    @Override
    public void pageFragment(PageFragment fragment) {
        open();
        fragments.add(Objects.requireNonNull(fragment));
    }

    Contributions freeze() {
        closed = true;
        return new Contributions(source, routes, nav, widgets, jobs, commands, settingsPages, permissions, listeners, fragments);
    }
}
