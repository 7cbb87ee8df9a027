package dev.talon.core.addons;

import dev.talon.api.ActivityLog;
import dev.talon.api.PanelAddon;
import dev.talon.core.db.Database;
import dev.talon.core.web.AddonRouter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads, starts, stops and reloads add-ons at run time.
 *
 * <p>Starting an add-on: its migrations run (own history table), its {@link PanelAddon} is
 * created and started with a fresh context, and what it registered is published to the
 * {@link ContributionRegistry} in one swap. Any failure on the way marks the add-on FAILED with
 * the reason; the panel keeps running. Enabled/disabled choices persist in {@code addon_states}.
 *
 * <p>Threading: all mutating operations are {@code synchronized}; reads go through
 * {@link #list()} snapshots and the registry.
 */
public final class AddonManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AddonManager.class);

    private record Running(PanelAddon addon, List<AutoCloseable> subscriptions) {}

    private final AddonPluginManager plugins;
    private final ContributionRegistry registry;
    private final AddonServices services;
    private final Supplier<Set<String>> corePaths;
    private final List<Path> roots;
    private final Map<String, AddonStatus> statuses = new LinkedHashMap<>();
    private final Map<String, Running> running = new LinkedHashMap<>();

    public AddonManager(List<Path> roots, String panelApiVersion, ContributionRegistry registry, AddonServices services,
                        Supplier<Set<String>> corePaths) {
        this.roots = List.copyOf(roots);
        this.plugins = new AddonPluginManager(this.roots, panelApiVersion);
        this.registry = registry;
        this.services = services;
        this.corePaths = corePaths;
    }

    /** Loads every add-on found and starts those not disabled. Never throws for a bad add-on. */
    public synchronized void loadAll() {
        for (Path root : roots) {
            try {
                Files.createDirectories(root);
            } catch (java.io.IOException e) {
                log.warn("Cannot create the add-on folder {}", root, e);
            }
        }
        for (Path path : plugins.pluginPaths()) {
            load(path);
        }
        for (String id : List.copyOf(statuses.keySet())) {
            if (statuses.get(id).state() != AddonStatus.State.FAILED && isEnabled(id)) {
                start(id);
            } else if (statuses.get(id).state() != AddonStatus.State.FAILED) {
                setState(id, AddonStatus.State.DISABLED, null);
            }
        }
    }

    /** Loads add-ons added to the folders since the last scan; returns their ids. */
    public synchronized List<String> rescan() {
        var known = plugins.getPlugins().stream().map(w -> w.getPluginPath().toAbsolutePath()).toList();
        var added = new ArrayList<String>();
        for (Path path : plugins.pluginPaths()) {
            if (!known.contains(path.toAbsolutePath())) {
                load(path).ifPresent(id -> {
                    added.add(id);
                    if (isEnabled(id)) {
                        start(id);
                    } else {
                        setState(id, AddonStatus.State.DISABLED, null);
                    }
                });
            }
        }
        return added;
    }

    private Optional<String> load(Path path) {
        String id;
        try {
            id = plugins.loadPlugin(path);
        } catch (RuntimeException e) {
            String name = AddonPluginManager.folderName(path);
            if (e instanceof org.pf4j.PluginAlreadyLoadedException) {
                log.info("Add-on at {} is already loaded from another folder; skipped", path);
                return Optional.empty();
            }
            log.error("Add-on at {} could not be loaded", path, e);
            statuses.put(name, new AddonStatus(name, "", "", "", AddonStatus.State.FAILED,
                    "Could not be loaded: " + rootMessage(e), path.toString()));
            return Optional.empty();
        }
        PluginWrapper wrapper = plugins.getPlugin(id);
        PluginDescriptor d = wrapper.getDescriptor();
        statuses.remove(AddonPluginManager.folderName(path));
        statuses.put(id, new AddonStatus(id, nullToEmpty(d.getVersion()), nullToEmpty(d.getProvider()),
                nullToEmpty(d.getPluginDescription()), AddonStatus.State.DISABLED, null, path.toString()));
        incompatibility(d).ifPresent(reason -> setState(id, AddonStatus.State.FAILED, reason));
        return Optional.of(id);
    }

    /** Why the add-on can't run on this panel-api version, if it can't. */
    private Optional<String> incompatibility(PluginDescriptor d) {
        String requires = d.getRequires();
        if (requires != null && !requires.isBlank() && !"*".equals(requires.trim())
                && !plugins.getVersionManager().checkVersionConstraint(plugins.getSystemVersion(), requires)) {
            return Optional.of("Needs panel-api " + requires + ", but this panel provides " + plugins.getSystemVersion() + ".");
        }
        return Optional.empty();
    }

    /** Starts an add-on and remembers it as enabled. */
    public synchronized AddonStatus enable(String id) {
        requireKnown(id);
        persistEnabled(id, true);
        if (!running.containsKey(id)) {
            if (statuses.get(id).state() == AddonStatus.State.FAILED && plugins.getPlugin(id) == null) {
                return statuses.get(id);
            }
            start(id);
        }
        return statuses.get(id);
    }

    /** Stops an add-on and remembers it as disabled; its routes, menu items, widgets and jobs go at once. */
    public synchronized AddonStatus disable(String id) {
        requireKnown(id);
        persistEnabled(id, false);
        if (plugins.getPlugin(id) == null) {
            return statuses.get(id); // never loaded: its load failure stays what the page shows
        }
        stop(id);
        setState(id, AddonStatus.State.DISABLED, null);
        return statuses.get(id);
    }

    /** Stops, unloads and loads the add-on again from disk (a replaced jar takes effect), then starts it if enabled. */
    public synchronized AddonStatus reload(String id) {
        requireKnown(id);
        Path path = Path.of(statuses.get(id).path());
        stop(id);
        if (plugins.getPlugin(id) != null) {
            plugins.unloadPlugin(id);
        }
        statuses.remove(id);
        Optional<String> loaded = load(path);
        String newId = loaded.orElse(AddonPluginManager.folderName(path));
        if (loaded.isPresent() && statuses.get(newId).state() != AddonStatus.State.FAILED) {
            if (isEnabled(newId)) {
                start(newId);
            } else {
                setState(newId, AddonStatus.State.DISABLED, null);
            }
        }
        return statuses.get(newId);
    }

    private void start(String id) {
        PluginWrapper wrapper = plugins.getPlugin(id);
        if (wrapper == null) {
            return;
        }
        // Checked on every start, not only at load: "enable" on an incompatible add-on must keep saying why.
        Optional<String> incompatible = incompatibility(wrapper.getDescriptor());
        if (incompatible.isPresent()) {
            setState(id, AddonStatus.State.FAILED, incompatible.get());
            return;
        }
        PanelAddon addon = null;
        try {
            plugins.startPlugin(id);
            if (wrapper.getPluginState() == org.pf4j.PluginState.FAILED) {
                throw new IllegalStateException("PF4J could not start it", wrapper.getFailedException());
            }
            if (wrapper.getPluginState() != org.pf4j.PluginState.STARTED) {
                throw new IllegalStateException("PF4J left it " + wrapper.getPluginState().toString().toLowerCase() + " instead of started");
            }
            List<PanelAddon> addons = plugins.getExtensions(PanelAddon.class, id);
            if (addons.size() != 1) {
                throw new IllegalStateException("An add-on must contain exactly one @Extension implementing PanelAddon; found "
                        + addons.size() + " (is META-INF/extensions.idx in the jar?)");
            }
            addon = addons.getFirst();
            ClassLoader loader = wrapper.getPluginClassLoader();
            List<String> locations = addon.migrationLocations();
            if (!locations.isEmpty()) {
                int applied = services.database().migrate(loader, historyTable(id), locations.toArray(String[]::new));
                if (applied > 0) {
                    log.info("Add-on {}: applied {} migrations", id, applied);
                }
            }
            // The add-on's home (config/) is addons/<id>/ whichever folder its jar was loaded from.
            Path folder = services.addonsDir().resolve(id);
            Files.createDirectories(folder);
            var context = new HostAddonContext(id, folder, loader, services);
            var registrar = new CollectingRegistrar(id, corePaths);
            Thread current = Thread.currentThread();
            ClassLoader previous = current.getContextClassLoader();
            current.setContextClassLoader(loader);
            try {
                addon.start(context, registrar);
            } finally {
                current.setContextClassLoader(previous);
            }
            Contributions contributions = registrar.freeze();
            AddonRouter.checkNoClash(id, contributions.routes(), registry);
            var subscriptions = new ArrayList<AutoCloseable>();
            contributions.listeners().forEach(l -> subscriptions.add(services.events().subscribe(l)));
            running.put(id, new Running(addon, subscriptions));
            registry.put(contributions);
            setState(id, AddonStatus.State.STARTED, null);
            services.activity().record(ActivityLog.Activity.system("addon.started", "addon:" + id, Map.of("version", statuses.get(id).version())));
            log.info("Add-on {} {} started", id, statuses.get(id).version());
        } catch (Throwable e) {
            log.error("Add-on {} failed to start; the panel continues without it", id, e);
            if (addon != null) {
                safeStop(id, addon);
            }
            try {
                plugins.stopPlugin(id);
            } catch (RuntimeException ignored) {
                // Already reported above; PF4J may refuse to stop a plugin that never started.
            }
            setState(id, AddonStatus.State.FAILED, rootMessage(e));
        }
    }

    private void stop(String id) {
        registry.remove(id);
        Running r = running.remove(id);
        if (r != null) {
            r.subscriptions().forEach(s -> {
                try {
                    s.close();
                } catch (Exception e) {
                    log.warn("Unsubscribing a listener of {} failed", id, e);
                }
            });
            safeStop(id, r.addon());
            services.activity().record(ActivityLog.Activity.system("addon.stopped", "addon:" + id, Map.of()));
        }
        if (plugins.getPlugin(id) != null) {
            try {
                plugins.stopPlugin(id);
            } catch (RuntimeException e) {
                log.warn("PF4J could not stop {}", id, e);
            }
        }
    }

    private static void safeStop(String id, PanelAddon addon) {
        try {
            addon.stop();
        } catch (Throwable e) {
            log.warn("Add-on {} threw while stopping", id, e);
        }
    }

    public synchronized List<AddonStatus> list() {
        return statuses.values().stream().sorted(Comparator.comparing(AddonStatus::id)).toList();
    }

    public synchronized Optional<AddonStatus> status(String id) {
        return Optional.ofNullable(statuses.get(id));
    }

    @Override
    public synchronized void close() {
        for (String id : List.copyOf(running.keySet())) {
            stop(id);
        }
        plugins.unloadPlugins();
    }

    static String historyTable(String id) {
        return "flyway_history_" + id.toLowerCase().replaceAll("[^a-z0-9]", "_");
    }

    private void requireKnown(String id) {
        if (!statuses.containsKey(id)) {
            throw new io.javalin.http.NotFoundResponse("There is no add-on \"" + id + "\".");
        }
    }

    private void setState(String id, AddonStatus.State state, String failure) {
        AddonStatus s = statuses.get(id);
        statuses.put(id, new AddonStatus(s.id(), s.version(), s.provider(), s.description(), state, failure, s.path()));
    }

    private boolean isEnabled(String id) {
        Jdbi jdbi = services.database().jdbi();
        return jdbi.withHandle(h -> h.createQuery("SELECT enabled FROM addon_states WHERE addon_id = :id")
                .bind("id", id).mapTo(Boolean.class).findOne()).orElse(true);
    }

    private void persistEnabled(String id, boolean enabled) {
        Jdbi jdbi = services.database().jdbi();
        long now = services.clock().millis();
        jdbi.useTransaction(h -> {
            int updated = h.createUpdate("UPDATE addon_states SET enabled = :e, updated_at = :now WHERE addon_id = :id")
                    .bind("e", enabled).bind("now", now).bind("id", id).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO addon_states (addon_id, enabled, updated_at) VALUES (:id, :e, :now)")
                        .bind("e", enabled).bind("now", now).bind("id", id).execute();
            }
        });
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        var message = new StringBuilder();
        while (t != null) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
            if (message.indexOf(m) < 0) {
                if (!message.isEmpty()) {
                    message.append(" — caused by ");
                }
                message.append(m);
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return message.length() > 500 ? message.substring(0, 500) + "…" : message.toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The database, for callers that need it (CLI). */
    Database database() {
        return services.database();
    }
}
