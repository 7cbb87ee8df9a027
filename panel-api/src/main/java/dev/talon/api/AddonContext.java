package dev.talon.api;

import dev.talon.api.events.EventBus;
import dev.talon.api.web.TemplateRenderer;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;

/**
 * Services the host lends to one add-on. Every method returns a shared, thread-safe object; the
 * context stays valid until the add-on is stopped. There is no global way to reach these: an
 * add-on passes what it needs to its own objects from {@link PanelAddon#start}.
 */
public interface AddonContext {

    /** The add-on's id, as in its descriptor (for example {@code ollama-ai}). */
    String addonId();

    /** The add-on's folder under {@code addons/} (holds {@code config/}); exists. */
    Path addonDirectory();

    /** A folder under the panel's data folder for the add-on's own files; created on first call. */
    Path dataDirectory();

    /** The panel database (H2, PostgreSQL or MariaDB); tables come from the add-on's migrations. */
    Jdbi jdbi();

    /** The SQL dialect in use, for the rare query that must differ. */
    DatabaseKind databaseKind();

    /** Look-ups of panel users by id or e-mail. */
    UserDirectory users();

    /** Permission checks for users; the same checks the host applies to routes. */
    AccessControl access();

    /** Writes entries to the panel's activity log. */
    ActivityLog activity();

    /** Key/value settings stored in the panel database, namespaced to this add-on. */
    SettingsStore settings();

    /** Panel events: publish and subscribe. */
    EventBus events();

    /** The panel's metrics registry (exported at {@code /metrics}). Keep tag values bounded. */
    MeterRegistry metrics();

    /**
     * Renders jte templates precompiled into the add-on jar under the given package (the
     * {@code packageName} of the add-on's jte-maven-plugin configuration).
     */
    TemplateRenderer templates(String precompiledPackage);

    /**
     * The panel's environment variables (the process environment; tests pass their own). Add-ons
     * read their overrides here rather than from {@code System.getenv()}.
     */
    default java.util.Map<String, String> environment() {
        return System.getenv();
    }

    /**
     * Read-only access to game servers: the list, their logs from an offset and their recent
     * metrics. The default, for hosts without servers, is an empty directory.
     */
    default dev.talon.api.servers.ServerDirectory servers() {
        return dev.talon.api.servers.ServerDirectory.EMPTY;
    }

    /**
     * Acting on game servers as a given user (power, commands, schedules, console lines), through
     * the host's own permission checks. The default, for hosts without servers, refuses everything.
     */
    default dev.talon.api.servers.ServerActions serverActions() {
        return dev.talon.api.servers.ServerActions.UNSUPPORTED;
    }

    /** Whether the panel runs in development mode (templates reload, verbose errors in logs). */
    boolean developmentMode();
}
