package dev.talon.testaddon.full;

import dev.talon.api.AddonContext;
import dev.talon.api.PanelAddon;
import dev.talon.api.PanelUser;
import dev.talon.api.PermissionDefinition;
import dev.talon.api.Registrar;
import dev.talon.api.events.PanelEventListener;
import dev.talon.api.events.ServerStateChanged;
import dev.talon.api.jobs.JobDefinition;
import dev.talon.api.jobs.Schedule;
import dev.talon.api.web.Area;
import dev.talon.api.web.DashboardWidget;
import dev.talon.api.web.Html;
import dev.talon.api.web.HttpMethod;
import dev.talon.api.web.NavItem;
import dev.talon.api.web.Route;
import dev.talon.api.web.SettingsPage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Jdbi;
import org.pf4j.Extension;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A test add-on that uses every extension point of panel-api once. Its table {@code full_notes}
 * (from its migration) is written by its routes, its job, its CLI command and its event listener,
 * so a test can see each of them work through the others.
 */
@Extension
public final class FullAddon implements PanelAddon {

    static final String VERSION = "@VERSION@";

    @Override
    public List<String> migrationLocations() {
        return List.of("classpath:db/full");
    }

    @Override
    public void start(AddonContext context, Registrar registrar) {
        var notes = new Notes(context.jdbi());
        registrar.permission(new PermissionDefinition("full.use", "Use the full test add-on", true));

        registrar.route(Route.of(Area.ADMIN, HttpMethod.GET, "/admin/full/notes",
                r -> r.renderPage("Full notes", Html.text("full-admin-route " + VERSION + " notes=" + notes.all()))));
        registrar.route(Route.of(Area.ADMIN, HttpMethod.POST, "/admin/full/notes", r -> {
            notes.add(r.ctx().formParam("note"));
            r.ctx().redirect("/admin/full/notes");
        }));
        registrar.route(Route.of(Area.CLIENT, HttpMethod.GET, "/full/hello/{name}",
                r -> r.ctx().result("full-client-route " + VERSION + " hello " + r.pathParam("name"))).requires("full.use"));
        // Nobody registers "full.secret", so only administrators hold it.
        registrar.route(Route.of(Area.CLIENT, HttpMethod.GET, "/full/secret", r -> r.ctx().result("full-secret")).requires("full.secret"));
        registrar.route(Route.of(Area.API, HttpMethod.GET, "/api/full/notes",
                r -> r.ctx().json(Map.of("version", VERSION, "notes", notes.all(), "user", r.user().email()))));
        registrar.route(Route.of(Area.API, HttpMethod.GET, "/api/full/contract", r -> r.ctx().json(Map.of(
                "panelAddonClass", System.identityHashCode(PanelAddon.class),
                "loadedByPf4j", FullAddon.class.getClassLoader() instanceof org.pf4j.PluginClassLoader))));

        registrar.nav(NavItem.of(Area.ADMIN, "Full notes", "/admin/full/notes", "*", 450));
        registrar.nav(NavItem.of(Area.CLIENT, "Full hello", "/full/hello/world", "*", 450));

        registrar.widget(new NotesWidget("notes", Area.ADMIN, notes));
        registrar.widget(new NotesWidget("hello", Area.CLIENT, notes));

        registrar.job(new JobDefinition("count-notes", "Counts the notes of the full add-on", Schedule.every(Duration.ofMinutes(@INTERVAL_MINUTES@)),
                job -> {
                    notes.add("job manual=" + job.manual());
                    return "full job counted " + notes.all().size() + " notes";
                }));

        registrar.command(new NotesCommand(notes));

        registrar.settingsPage(new SettingsPage("Full settings", "/admin/full/settings", "Settings of the full test add-on"));
        registrar.route(Route.of(Area.ADMIN, HttpMethod.GET, "/admin/full/settings",
                r -> r.ctx().json(context.settings().all())));
        registrar.route(Route.of(Area.ADMIN, HttpMethod.POST, "/admin/full/settings", r -> {
            context.settings().put(r.ctx().formParam("key"), r.ctx().formParam("value"));
            r.ctx().json(context.settings().all());
        }));

        registrar.pageFragment((viewer, area, path) ->
                new Html("<div id=\"full-fragment\" data-area=\"" + area.name().toLowerCase() + "\"></div>"));

        registrar.listener(new PanelEventListener() {
            @Override
            public void onServerState(ServerStateChanged event) {
                notes.add("event " + event.serverUuid() + " " + event.to());
            }
        });
    }

    /** The add-on's table. */
    static final class Notes {
        private final Jdbi jdbi;

        Notes(Jdbi jdbi) {
            this.jdbi = jdbi;
        }

        void add(String note) {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO full_notes (note) VALUES (:note)").bind("note", note).execute());
        }

        List<String> all() {
            return jdbi.withHandle(h -> h.createQuery("SELECT note FROM full_notes ORDER BY id").mapTo(String.class).list());
        }
    }

    record NotesWidget(String id, Area area, Notes notes) implements DashboardWidget {
        @Override
        public String title() {
            return "Full " + id;
        }

        @Override
        public Html render(PanelUser viewer) {
            return Html.text("full-widget-" + id + " notes=" + notes.all().size());
        }
    }

    @Command(name = "full:notes", mixinStandardHelpOptions = true, description = "Lists (and adds) notes of the full add-on.")
    public static final class NotesCommand implements Callable<Integer> {
        private final Notes notes;

        @Option(names = "--add", description = "A note to add first")
        String add;

        NotesCommand(Notes notes) {
            this.notes = notes;
        }

        @Override
        public Integer call() {
            if (add != null) {
                notes.add(add);
            }
            System.out.println("full notes: " + notes.all());
            return 0;
        }
    }
}
