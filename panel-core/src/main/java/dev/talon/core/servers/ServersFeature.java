package dev.talon.core.servers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.AccessControl;
import dev.talon.api.events.EventBus;
import dev.talon.api.jobs.JobDefinition;
import dev.talon.api.jobs.Schedule;
import dev.talon.api.web.Area;
import dev.talon.api.web.NavItem;
import dev.talon.core.activity.ActivityRepository;
import dev.talon.core.addons.Contributions;
import dev.talon.core.auth.Users;
import dev.talon.core.scheduler.PollingJob;
import dev.talon.core.servers.api.ClientApiRoutes;
import dev.talon.core.servers.api.FileApi;
import dev.talon.core.servers.api.ScheduleApi;
import dev.talon.core.servers.schedules.ScheduleRunner;
import dev.talon.core.servers.schedules.Schedules;
import dev.talon.core.servers.api.SubuserApi;
import dev.talon.core.servers.console.ConsoleSocket;
import dev.talon.core.servers.console.SocketTokens;
import dev.talon.core.servers.metrics.MetricsRepository;
import dev.talon.core.servers.node.NodeConfig;
import dev.talon.core.servers.node.PowerAction;
import dev.talon.core.servers.web.AdminServerRoutes;
import dev.talon.core.servers.web.ServerLookup;
import dev.talon.core.servers.web.ServerPages;
import dev.talon.core.servers.web.ServerSections;
import dev.talon.core.servers.web.ServerSettings;
import dev.talon.core.servers.web.FilePages;
import dev.talon.core.web.Gate;
import dev.talon.core.web.Pages;
import dev.talon.core.web.RouteModule;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the servers feature (repositories, node service, access control, API, console socket,
 * pages, jobs) so the composition root needs only a few lines. Lifecycle: construct with the
 * database-backed collaborators; {@link #open} starts the node ({@code serve} only);
 * {@link #close} stops servers and sockets.
 */
public final class ServersFeature implements AutoCloseable {

    /** The core job (group {@code core-servers}) that fires due server schedules. */
    public static final String SCHEDULES_JOB = "server-schedules";

    private static final Logger LOG = LoggerFactory.getLogger(ServersFeature.class);

    private final ObjectMapper json;
    private final Clock clock;
    private final ActivityRepository activity;
    private final EventBus events;
    private final ServerRepository servers;
    private final Subusers subusers;
    private final MetricsRepository metrics;
    private final ServerPermissions permissions;
    private final ServerAccess access;
    private final ServerService service;
    private final ServerLookup lookup;
    private final SocketTokens tokens;
    private final Schedules schedules;
    private final ScheduleRunner runner;
    private final AtomicLong lastRollup = new AtomicLong();
    private ConsoleSocket socket;

    public ServersFeature(Jdbi jdbi, ObjectMapper json, Clock clock, dev.talon.core.addons.ContributionRegistry registry,
            ActivityRepository activity, EventBus events, AccessControl panelWide, NodeConfig nodeConfig) {
        this.json = json;
        this.clock = clock;
        this.activity = activity;
        this.events = events;
        this.servers = new ServerRepository(jdbi, json, clock);
        this.subusers = new Subusers(jdbi, clock);
        this.metrics = new MetricsRepository(jdbi);
        this.permissions = new ServerPermissions(registry);
        this.access = new ServerAccess(panelWide, servers, subusers);
        this.service = new ServerService(servers, metrics, activity, events, nodeConfig);
        this.lookup = new ServerLookup(servers, access);
        this.tokens = new SocketTokens(json, clock, SocketTokens.LIFETIME);
        this.schedules = new Schedules(jdbi, clock);
        this.runner = new ScheduleRunner(schedules, service, activity, clock);
        this.lastRollup.set(clock.millis() - Duration.ofMinutes(10).toMillis());
    }

    /** The panel's access control, with real per-server checks. */
    public ServerAccess access() {
        return access;
    }

    public ServerService service() {
        return service;
    }

    /** The read-only view add-ons get ({@code AddonContext.servers()}). */
    public dev.talon.api.servers.ServerDirectory directory() {
        return new AddonServerDirectory(servers, metrics, service::node);
    }

    /**
     * What add-ons may do to servers as a user ({@code AddonContext.serverActions()}): the same
     * look-up, permission checks and service calls as the pages and the API.
     */
    public dev.talon.api.servers.ServerActions actions(
            java.util.function.LongFunction<java.util.Optional<dev.talon.api.PanelUser>> users) {
        return new AddonServerActions(users, lookup, service, schedules, runner, activity);
    }

    /** Opens the node and registers the stored servers. */
    public void open() {
        service.open();
        runner.open();
    }

    /** On a first start: creates the demo server owned by the first admin and, if asked, starts it. */
    public void createDemoServer(long ownerId, boolean start) {
        GameServer demo = service.createDemo(ownerId);
        LOG.info("First start: created the demo server {} ({})", demo.identifier(), demo.name());
        if (start) {
            try {
                service.power(demo, PowerAction.START, null, null);
            } catch (RuntimeException e) {
                LOG.warn("The demo server did not start", e);
            }
        }
    }

    public List<RouteModule> routes(Users users, Gate gate, Pages pages) {
        socket = new ConsoleSocket(service, lookup, access, tokens, users, events, json, clock);
        var subuserApi = new SubuserApi(subusers, users, permissions, lookup, activity, json);
        var sections = new ServerSections(schedules, runner, subusers, users, permissions, lookup, activity, gate);
        return List.of(
                new ClientApiRoutes(service, lookup, permissions, tokens, metrics, subuserApi,
                        new FileApi(service, lookup, activity, json), new ScheduleApi(schedules, runner, lookup, activity, json),
                        activity, gate, json, clock),
                socket,
                new ServerPages(service, lookup, pages, gate, sections, new ServerSettings(service, activity)),
                sections,
                new FilePages(service, lookup, pages, gate, activity),
                new AdminServerRoutes(service, users, pages, gate));
    }

    /** Menu entries and the metrics rollup job. */
    public Contributions contributions() {
        List<NavItem> nav = List.of(
                NavItem.of(Area.CLIENT, "Servers", "/servers", "▣", 150),
                NavItem.of(Area.ADMIN, "Servers", "/admin/servers", "▣", 150));
        List<JobDefinition> jobs = List.of(new JobDefinition("server-metrics-rollup",
                "Rolls server metrics up into 1-minute points; deletes raw samples after 24 h and rollups after 30 days",
                Schedule.every(Duration.ofMinutes(1)), context -> rollUp()),
                new JobDefinition(SCHEDULES_JOB, "Fires the servers' due schedules (cron, minute resolution) and starts their task chains;"
                        + " checks that fire nothing are not recorded",
                        Schedule.every(Duration.ofSeconds(10)), (PollingJob) context -> runner.fireDue()));
        return new Contributions("core-servers", List.of(), nav, List.of(), jobs, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** Runs the rollup from shortly before the previous run (late samples are included on the next pass). */
    public String rollUp() {
        long now = clock.millis();
        long since = lastRollup.getAndSet(now) - Duration.ofMinutes(2).toMillis();
        int rows = metrics.rollUpAndPrune(since, now);
        return rows + " minute rollups written";
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
        }
        runner.close();
        service.close();
    }
}
