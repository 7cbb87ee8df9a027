package dev.talon.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.talon.api.ActivityLog;
import dev.talon.api.ApiVersion;
import dev.talon.api.PermissionDefinition;
import dev.talon.api.jobs.JobDefinition;
import dev.talon.api.jobs.Schedule;
import dev.talon.api.web.Area;
import dev.talon.api.web.NavItem;
import dev.talon.core.account.AccountRoutes;
import dev.talon.core.activity.ActivityRepository;
import dev.talon.core.activity.ActivityRoutes;
import dev.talon.core.addons.AddonManager;
import dev.talon.core.addons.AddonRoutes;
import dev.talon.core.addons.AddonServices;
import dev.talon.core.addons.ContributionRegistry;
import dev.talon.core.addons.Contributions;
import dev.talon.core.admin.AdminUserRoutes;
import dev.talon.core.auth.ApiKeys;
import dev.talon.core.auth.AuthRoutes;
import dev.talon.core.auth.LoginThrottle;
import dev.talon.core.auth.PanelAccessControl;
import dev.talon.core.auth.Passwords;
import dev.talon.core.auth.Sessions;
import dev.talon.core.auth.Tokens;
import dev.talon.core.auth.Totp;
import dev.talon.core.auth.Users;
import dev.talon.core.dashboard.CoreWidgets;
import dev.talon.core.dashboard.DashboardRoutes;
import dev.talon.core.dashboard.Widgets;
import dev.talon.core.db.Database;
import dev.talon.core.events.InProcessEventBus;
import dev.talon.core.health.HealthRoutes;
import dev.talon.core.scheduler.JobRuns;
import dev.talon.core.scheduler.PanelScheduler;
import dev.talon.core.scheduler.SchedulerRoutes;
import dev.talon.core.servers.ServerAccess;
import dev.talon.core.servers.ServersFeature;
import dev.talon.core.servers.node.NodeConfig;
import dev.talon.core.settings.SettingsRepository;
import dev.talon.core.settings.SettingsRoutes;
import dev.talon.core.settings.Themes;
import dev.talon.core.web.AddonRouter;
import dev.talon.core.web.Authenticator;
import dev.talon.core.web.Errors;
import dev.talon.core.web.Gate;
import dev.talon.core.web.Pages;
import dev.talon.core.web.Templates;
import dev.talon.core.web.WebServer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of the host: builds every service by hand, in dependency order, and owns
 * their lifecycle. {@link #open} gives the database-backed services (for CLI commands);
 * {@link #serve} adds add-ons, the scheduler and the web server. Closing stops everything in
 * reverse order.
 */
public final class Panel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Panel.class);

    private final PanelConfig config;
    private final Clock clock = Clock.systemUTC();
    private final Database database;
    private final ObjectMapper json;
    private final PrometheusMeterRegistry metrics;
    private final Tokens tokens = new Tokens();
    private final Passwords passwords;
    private final Users users;
    private final Sessions sessions;
    private final ApiKeys apiKeys;
    private final ActivityRepository activity;
    private final ContributionRegistry registry = new ContributionRegistry();
    private final ServerAccess access;
    private final ServersFeature servers;
    private final InProcessEventBus events;
    private final SettingsRepository coreSettings;
    private final JobRuns jobRuns;
    private final LoginThrottle throttle;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final AtomicReference<AddonManager> addons = new AtomicReference<>();
    private final AtomicReference<PanelScheduler> scheduler = new AtomicReference<>();
    private WebServer web;

    private Panel(PanelConfig config) {
        this.config = config;
        this.database = Database.open(config);
        closeables.add(database);
        int applied = database.migrateCore();
        if (applied > 0) {
            log.info("Applied {} core migrations on {}", applied, database.kind());
        }
        this.json = new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ClassLoaderMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
        this.passwords = new Passwords(config.bcryptCost());
        this.users = new Users(database.jdbi(), passwords, clock);
        this.sessions = new Sessions(database.jdbi(), tokens, clock);
        this.activity = new ActivityRepository(database.jdbi(), json, clock);
        this.apiKeys = new ApiKeys(database.jdbi(), tokens, clock, activity);
        this.events = new InProcessEventBus(metrics);
        closeables.add(events);
        this.servers = new ServersFeature(database.jdbi(), json, clock, registry, activity, events,
                new PanelAccessControl(registry), NodeConfig.defaults(config.dataDir()));
        this.access = servers.access();
        this.coreSettings = new SettingsRepository(database.jdbi(), "core", clock);
        this.jobRuns = new JobRuns(database.jdbi());
        this.throttle = new LoginThrottle(5, Duration.ofMinutes(1), clock);
    }

    /** Opens the database (running migrations) without add-ons, scheduler or web server. */
    public static Panel open(PanelConfig config) {
        return new Panel(config);
    }

    /** Starts everything: first-start setup, add-ons, scheduler and the web server on the configured port. */
    public static Panel serve(PanelConfig config) {
        Panel panel = new Panel(config);
        try {
            panel.startServing();
            return panel;
        } catch (RuntimeException e) {
            panel.close();
            throw e;
        }
    }

    private void startServing() {
        boolean firstStart = users.count() == 0;
        ensureFirstAdmin();
        servers.open();
        closeables.add(servers);
        if (firstStart) {
            users.findByEmail(config.adminEmail()).ifPresent(admin -> servers.createDemoServer(admin.id(), config.demoAutostart()));
        }
        var templates = Templates.create(config.developmentMode());
        var themes = new Themes(config.themesDir(), coreSettings);
        var pages = new Pages(templates, registry, access, themes);
        var gate = new Gate(access);
        var authenticator = new Authenticator(sessions, users, apiKeys);
        var errors = new Errors(pages, json);
        var addonRouter = new AddonRouter(registry, gate, pages);
        var widgets = new Widgets(registry, access, Duration.ofMillis(400));
        closeables.add(widgets);
        registry.put(coreContributions(templates));
        registry.put(servers.contributions());

        var panelScheduler = new PanelScheduler(database, registry, jobRuns, config.clustered(), clock);
        scheduler.set(panelScheduler);
        closeables.add(panelScheduler);

        var totp = new Totp(tokens, clock);
        var routeModules = new ArrayList<dev.talon.core.web.RouteModule>(List.of(
                new HealthRoutes(database, scheduler::get, addons::get, metrics, config.metricsToken()),
                new AuthRoutes(users, totp, throttle, authenticator, pages, activity),
                new DashboardRoutes(widgets, pages, gate),
                new AccountRoutes(users, passwords, totp, apiKeys, sessions, authenticator, activity, pages, gate),
                new AdminUserRoutes(users, sessions, activity, pages, gate),
                new ActivityRoutes(activity, pages, gate),
                new AddonRoutes(addons::get, activity, pages, gate, config.addonsDir().toString()),
                new SchedulerRoutes(panelScheduler, activity, pages, gate, config.clustered()),
                new SettingsRoutes(themes, registry, activity, pages, gate)));
        routeModules.addAll(servers.routes(users, gate, pages));
        web = new WebServer(authenticator, addonRouter, errors, themes, metrics, routeModules);

        startAddons(() -> web.corePaths());
        panelScheduler.start();
        web.start("0.0.0.0", config.port());
        closeables.add(web::stop);
        activity.record(ActivityLog.Activity.system("panel.started", null, Map.of("port", web.port())));
        // Runs just before the database closes (closeables run in reverse): the entry marks a shutdown
        // that ran to the end, after servers, add-ons and the scheduler stopped.
        closeables.add(1, () -> activity.record(ActivityLog.Activity.system("panel.stopped", null, Map.of())));
        log.info("Talon is running on http://localhost:{}", web.port());
    }

    /** Loads add-ons (CLI commands need them too); {@code corePaths} guards against route clashes. */
    public AddonManager startAddons(java.util.function.Supplier<java.util.Set<String>> corePaths) {
        List<Path> roots = new ArrayList<>();
        if (config.developmentMode()) {
            roots.addAll(developmentAddonRoots());
        }
        roots.add(config.addonsDir());
        dev.talon.api.UserDirectory directory = new dev.talon.api.UserDirectory() {
            @Override
            public java.util.Optional<dev.talon.api.PanelUser> find(long id) {
                return users.find(id).map(dev.talon.core.auth.User::toPanelUser);
            }

            @Override
            public java.util.Optional<dev.talon.api.PanelUser> findByEmail(String email) {
                return users.findByEmail(email).map(dev.talon.core.auth.User::toPanelUser);
            }
        };
        var services = new AddonServices(database, directory, access, activity, events, metrics, config.dataDir(),
                config.developmentMode(), clock, config.addonsDir(), config.environment(), servers.directory(),
                servers.actions(directory::find));
        var manager = new AddonManager(roots, ApiVersion.VERSION, registry, services, corePaths);
        addons.set(manager);
        closeables.add(manager);
        manager.loadAll();
        return manager;
    }

    private static List<Path> developmentAddonRoots() {
        var roots = new ArrayList<Path>();
        try (var dirs = Files.list(Path.of(""))) {
            dirs.filter(d -> d.getFileName().toString().startsWith("addon-"))
                    .map(d -> d.resolve("target/addon"))
                    .filter(Files::isDirectory)
                    .forEach(d -> roots.add(d.toAbsolutePath()));
        } catch (java.io.IOException e) {
            log.warn("Could not look for add-on builds in target folders", e);
        }
        return roots;
    }

    private Contributions coreContributions(Templates templates) {
        List<NavItem> nav = List.of(
                NavItem.of(Area.CLIENT, "Dashboard", "/", "▦", 100),
                NavItem.of(Area.CLIENT, "Account", "/account", "◉", 900),
                NavItem.of(Area.ADMIN, "Dashboard", "/admin", "▦", 100),
                NavItem.of(Area.ADMIN, "Users", "/admin/users", "◉", 200),
                NavItem.of(Area.ADMIN, "Activity", "/admin/activity", "≡", 300),
                NavItem.of(Area.ADMIN, "Add-ons", "/admin/addons", "▣", 400),
                NavItem.of(Area.ADMIN, "Scheduler", "/admin/scheduler", "◷", 500),
                NavItem.of(Area.ADMIN, "Settings", "/admin/settings", "⚙", 900));
        List<JobDefinition> jobs = List.of(
                new JobDefinition("sessions-cleanup", "Deletes expired sessions and idle sign-in counters", Schedule.every(Duration.ofHours(1)),
                        context -> {
                            int purged = sessions.purgeExpired();
                            throttle.purge();
                            return purged + " expired sessions deleted";
                        }),
                new JobDefinition("history-prune", "Deletes activity older than 180 days and job runs older than 30 days",
                        Schedule.cron("0 30 3 * * ?"), context -> {
                            long now = clock.millis();
                            int a = activity.pruneOlderThan(now - Duration.ofDays(180).toMillis());
                            int j = jobRuns.pruneOlderThan(now - Duration.ofDays(30).toMillis());
                            return a + " activity entries and " + j + " job runs deleted";
                        }));
        List<PermissionDefinition> permissions = List.of(
                new PermissionDefinition("account.api-keys", "Create and revoke personal API keys", false));
        return new Contributions("core", List.of(), nav,
                CoreWidgets.all(templates, users, activity, apiKeys, addons::get, database, clock),
                jobs, List.of(), List.of(), permissions, List.of(), List.of());
    }

    /** Creates the first administrator when there are no users yet; prints a generated password once. */
    void ensureFirstAdmin() {
        if (users.count() > 0) {
            return;
        }
        String password = config.adminPassword();
        boolean generated = password == null;
        if (generated) {
            password = tokens.random(12);
        }
        var admin = users.create(config.adminEmail(), "Administrator", password, true);
        activity.record(ActivityLog.Activity.system("panel.first-start", "user:" + admin.id(), Map.of("email", admin.email())));
        if (generated) {
            System.out.println();
            System.out.println("  First start: created the administrator " + admin.email());
            System.out.println("  Password (shown only now): " + password);
            System.out.println("  Change it under Account after signing in.");
            System.out.println();
        } else {
            log.info("First start: created the administrator {}", admin.email());
        }
    }

    public int port() {
        return web.port();
    }

    /** The core's route table (method and path of every endpoint); empty until {@link #serve} started the web server. */
    public java.util.Set<WebServer.CoreRoute> coreRoutes() {
        return web == null ? java.util.Set.of() : web.coreRoutes();
    }

    public PanelConfig config() {
        return config;
    }

    public Database database() {
        return database;
    }

    public Users users() {
        return users;
    }

    public ApiKeys apiKeys() {
        return apiKeys;
    }

    public ActivityLog activity() {
        return activity;
    }

    public AddonManager addons() {
        return addons.get();
    }

    public ContributionRegistry registry() {
        return registry;
    }

    public InProcessEventBus events() {
        return events;
    }

    public ServersFeature servers() {
        return servers;
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                log.warn("Shutdown step failed", e);
            }
        }
        closeables.clear();
    }
}
