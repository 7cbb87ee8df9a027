package dev.talon.api;

import dev.talon.api.events.PanelEventListener;
import dev.talon.api.jobs.JobDefinition;
import dev.talon.api.web.DashboardWidget;
import dev.talon.api.web.NavItem;
import dev.talon.api.web.PageFragment;
import dev.talon.api.web.Route;
import dev.talon.api.web.SettingsPage;

/**
 * Receives an add-on's contributions during {@link PanelAddon#start}. The host validates each one
 * as it arrives (an invalid route path, for example, fails the start with a message naming it)
 * and publishes them all at once when {@code start} returns.
 */
public interface Registrar {

    /** An HTTP route in the admin, client or API area; the host enforces its area and permission. */
    void route(Route route);

    /** A navigation entry in the admin or client menu. */
    void nav(NavItem item);

    /** A widget on the admin or client dashboard. */
    void widget(DashboardWidget widget);

    /** A Quartz-scheduled job; it appears on the admin scheduler page with "run now". */
    void job(JobDefinition job);

    /** A picocli command object (annotated with {@code @Command}), added to {@code ./panel}. */
    void command(Object picocliCommand);

    /** A link on the admin settings page to a settings screen the add-on serves itself. */
    void settingsPage(SettingsPage page);

    /** A permission the add-on checks; shown to admins and grantable to subusers. */
    void permission(PermissionDefinition permission);

    /** Markup added to the end of every full page (admin and client), e.g. a chat button. */
    void pageFragment(PageFragment fragment);

    /** Receives panel events (server state, console lines, metrics) on a thread of its own. */
    void listener(PanelEventListener listener);
}
