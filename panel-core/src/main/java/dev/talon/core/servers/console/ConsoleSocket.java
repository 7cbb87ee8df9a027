package dev.talon.core.servers.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.events.EventBus;
import dev.talon.api.events.MetricsSample;
import dev.talon.api.events.PanelEventListener;
import dev.talon.core.auth.User;
import dev.talon.core.auth.Users;
import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.ServerAccess;
import dev.talon.core.servers.ServerPermissions;
import dev.talon.core.servers.ServerProblem;
import dev.talon.core.servers.ServerService;
import dev.talon.core.servers.node.NodeException;
import dev.talon.core.servers.node.PowerAction;
import dev.talon.core.servers.node.PowerState;
import dev.talon.core.servers.node.ResourceUsage;
import dev.talon.core.servers.node.console.ConsoleEntry;
import dev.talon.core.servers.node.console.ConsoleSink;
import dev.talon.core.servers.node.console.ConsoleSubscription;
import dev.talon.core.servers.web.ServerLookup;
import dev.talon.core.web.RouteModule;
import io.javalin.config.RoutesConfig;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import io.javalin.websocket.WsContext;
import java.net.URI;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console WebSocket, speaking Wings' protocol at {@code /api/servers/{uuid}/ws}: frames are
 * {@code {"event": ..., "args": [...]}}; in: {@code auth}, {@code send command}, {@code set state},
 * {@code send logs}, {@code send stats}; out: {@code auth success}, {@code jwt error},
 * {@code console output}, {@code status}, {@code stats}, {@code daemon error},
 * {@code token expiring}, {@code token expired}.
 *
 * <p>Each viewer is one {@link ConsoleSubscription} (a queue and a virtual thread), so many viewers
 * cost one reader of the process. Status frames come through the same subscription, in order with
 * the lines; stats reach viewers through one event-bus subscription.
 * Every message is checked against the permissions of the token, narrowed at {@code auth} to what
 * the user still holds. A ticker warns viewers 60 s before their token expires.
 */
public final class ConsoleSocket implements RouteModule, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSocket.class);
    public static final String PATH = "/api/servers/{uuid}/ws";

    private final ServerService service;
    private final ServerLookup lookup;
    private final ServerAccess access;
    private final SocketTokens tokens;
    private final Users users;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<String, Viewer> viewers = new ConcurrentHashMap<>();
    private final AutoCloseable busSubscription;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("talon-console-tokens").daemon().factory());

    public ConsoleSocket(ServerService service, ServerLookup lookup, ServerAccess access, SocketTokens tokens, Users users,
            EventBus events, ObjectMapper json, Clock clock) {
        this.service = service;
        this.lookup = lookup;
        this.access = access;
        this.tokens = tokens;
        this.users = users;
        this.json = json;
        this.clock = clock;
        // Status frames travel with the console lines (ConsoleSink.state), not through the bus, so
        // a process's last lines always reach a viewer before its "offline".
        this.busSubscription = events.subscribe(new PanelEventListener() {
            @Override
            public void onMetrics(MetricsSample sample) {
                forServer(sample.serverUuid(), v -> v.send("stats", statsJson(sample.serverUuid(), sample)));
            }
        });
        ticker.scheduleWithFixedDelay(this::checkTokens, 30, 30, TimeUnit.SECONDS);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.wsBeforeUpgrade(PATH, ctx -> {
            if (lookup.byIdentifier(ctx.pathParam("uuid")).isEmpty()) {
                throw new NotFoundResponse("The requested resource could not be found on the server.");
            }
            String origin = ctx.header("Origin");
            if (origin != null && !sameHost(origin, ctx.host())) {
                throw new ForbiddenResponse("This WebSocket only accepts connections from the panel's own pages.");
            }
        });
        routes.ws(PATH, ws -> {
            ws.onConnect(ctx -> {
                ctx.session.setMaxTextMessageSize(64 * 1024);
                GameServer server = lookup.byIdentifier(ctx.pathParam("uuid")).orElseThrow();
                viewers.put(ctx.sessionId(), new Viewer(ctx, server));
            });
            ws.onMessage(ctx -> {
                Viewer viewer = viewers.get(ctx.sessionId());
                if (viewer != null) {
                    viewer.handle(ctx.message());
                }
            });
            ws.onClose(ctx -> closeViewer(ctx.sessionId()));
            ws.onError(ctx -> closeViewer(ctx.sessionId()));
        });
    }

    /** How many viewers are connected (all servers); for tests and the health page. */
    public int viewerCount() {
        return viewers.size();
    }

    private void closeViewer(String sessionId) {
        Viewer viewer = viewers.remove(sessionId);
        if (viewer != null) {
            viewer.close();
        }
    }

    private void forServer(String uuid, java.util.function.Consumer<Viewer> action) {
        for (Viewer viewer : viewers.values()) {
            if (viewer.authed() && viewer.server.uuid().toString().equals(uuid)) {
                action.accept(viewer);
            }
        }
    }

    private void checkTokens() {
        long now = clock.millis();
        for (Viewer viewer : viewers.values()) {
            viewer.checkToken(now);
        }
    }

    private String statsJson(String uuid, MetricsSample sample) {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("memory_bytes", sample.memoryBytes());
        stats.put("memory_limit_bytes", sample.memoryLimitBytes());
        stats.put("cpu_absolute", Math.round(sample.cpuPercent() * 1000) / 1000.0);
        stats.put("network", Map.of("rx_bytes", Math.max(0, sample.networkRxBytes()), "tx_bytes", Math.max(0, sample.networkTxBytes())));
        stats.put("uptime", sample.uptimeMillis());
        stats.put("state", stateOf(UUID.fromString(uuid)));
        stats.put("disk_bytes", sample.diskBytes());
        return write(stats);
    }

    private String statsJson(ResourceUsage usage) {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("memory_bytes", usage.memoryBytes());
        stats.put("memory_limit_bytes", usage.memoryLimitBytes());
        stats.put("cpu_absolute", Math.round(usage.cpuPercent() * 1000) / 1000.0);
        stats.put("network", Map.of("rx_bytes", Math.max(0, usage.networkRxBytes()), "tx_bytes", Math.max(0, usage.networkTxBytes())));
        stats.put("uptime", usage.uptimeMillis());
        stats.put("state", usage.state().wireName());
        stats.put("disk_bytes", usage.diskBytes());
        return write(stats);
    }

    private String stateOf(UUID server) {
        try {
            return service.node().state(server).wireName();
        } catch (NodeException e) {
            return PowerState.OFFLINE.wireName();
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean sameHost(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            String originHost = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            return host != null && host.equalsIgnoreCase(originHost);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            busSubscription.close();
        } catch (Exception e) {
            LOG.debug("closing the bus subscription failed", e);
        }
        viewers.values().forEach(Viewer::close);
        viewers.clear();
    }

    /** One connection. Sends are serialised by a lock; the console subscription has its own thread. */
    private final class Viewer {
        private final WsContext ctx;
        private final GameServer server;
        private final Object sendLock = new Object();
        private volatile SocketTokens.Claims claims;
        private volatile Set<String> permissions = Set.of();
        private volatile ConsoleSubscription subscription;
        private volatile boolean skipNextLogRequest;
        private volatile boolean warned;

        Viewer(WsContext ctx, GameServer server) {
            this.ctx = ctx;
            this.server = server;
        }

        boolean authed() {
            return claims != null;
        }

        void handle(String message) {
            String event;
            List<String> args = new java.util.ArrayList<>();
            try {
                JsonNode frame = json.readTree(message);
                event = frame.path("event").asText("");
                frame.path("args").forEach(a -> args.add(a.asText()));
            } catch (Exception e) {
                send("daemon error", "The message is not a JSON frame {\"event\":...,\"args\":[...]}.");
                return;
            }
            if (event.equals("auth")) {
                authenticate(args.isEmpty() ? null : args.getFirst());
                return;
            }
            if (!authed() || claims.expiresAt() <= clock.millis()) {
                send("jwt error", "Authenticate first with a valid token (event \"auth\").");
                return;
            }
            switch (event) {
                case "send command" -> command(args.isEmpty() ? "" : args.getFirst());
                case "set state" -> power(args.isEmpty() ? "" : args.getFirst());
                case "send logs" -> logs();
                case "send stats" -> send("stats", statsJson(service.resources(server)));
                default -> { } // Wings ignores unknown events
            }
        }

        private void authenticate(String token) {
            var verified = tokens.verify(token).filter(c -> c.server().equals(server.uuid()));
            if (verified.isEmpty()) {
                send("jwt error", "The token is invalid, expired or for another server.");
                return;
            }
            User user = users.find(verified.get().userId()).filter(u -> !u.suspended()).orElse(null);
            Set<String> held = user == null ? Set.of() : access.held(user.toPanelUser(), server);
            Set<String> effective = new HashSet<>();
            for (String p : verified.get().permissions()) {
                if (ServerPermissions.holds(held, p)) {
                    effective.add(p);
                }
            }
            if (!effective.contains(ServerPermissions.WEBSOCKET_CONNECT) && !effective.contains(ServerPermissions.ALL)) {
                send("jwt error", "You are not allowed to connect to this server's console.");
                return;
            }
            boolean first = claims == null;
            claims = verified.get();
            permissions = Set.copyOf(effective);
            warned = false;
            send("auth success");
            if (first) {
                skipNextLogRequest = true;
                // the subscription sends the current status, then the last lines, then both as they happen
                subscription = service.node().subscribeConsole(server.uuid(), new ConsoleSink() {
                    @Override
                    public void accept(ConsoleEntry entry) {
                        send("console output", entry.text());
                    }

                    @Override
                    public void state(PowerState to) {
                        send("status", to.wireName());
                    }
                }, true);
                send("stats", statsJson(service.resources(server)));
            }
        }

        private void logs() {
            if (skipNextLogRequest) {
                skipNextLogRequest = false; // the connect already replayed the buffer
                return;
            }
            for (ConsoleEntry entry : service.node().recentConsole(server.uuid())) {
                send("console output", entry.text());
            }
        }

        private void command(String command) {
            if (!ServerPermissions.holds(permissions, ServerPermissions.CONSOLE)) {
                send("daemon error", "You do not have permission to send commands (control.console).");
                return;
            }
            try {
                service.command(server, command, claims.userId(), null);
            } catch (NodeException | ServerProblem e) {
                send("daemon error", ServerLookup.toHttp(e).getMessage());
            }
        }

        private void power(String signal) {
            PowerAction action;
            try {
                action = PowerAction.fromWire(signal);
            } catch (IllegalArgumentException e) {
                send("daemon error", "Unknown power signal.");
                return;
            }
            String needed = switch (action) {
                case START -> ServerPermissions.START;
                case STOP, KILL -> ServerPermissions.STOP;
                case RESTART -> ServerPermissions.RESTART;
            };
            if (!ServerPermissions.holds(permissions, needed)) {
                send("daemon error", "You do not have permission to perform this power action (" + needed + ").");
                return;
            }
            try {
                service.power(server, action, claims.userId(), null);
            } catch (NodeException | ServerProblem e) {
                send("daemon error", ServerLookup.toHttp(e).getMessage());
            }
        }

        void checkToken(long now) {
            SocketTokens.Claims current = claims;
            if (current == null) {
                return;
            }
            if (current.expiresAt() <= now) {
                send("token expired");
                ConsoleSubscription s = subscription;
                if (s != null) {
                    s.close();
                }
                ctx.closeSession(4001, "token expired");
            } else if (!warned && current.expiresAt() - now <= 60_000) {
                warned = true;
                send("token expiring");
            }
        }

        void send(String event, String... args) {
            String frame = write(Map.of("event", event, "args", List.of(args)));
            synchronized (sendLock) {
                if (ctx.session.isOpen()) {
                    ctx.send(frame);
                }
            }
        }

        void close() {
            ConsoleSubscription s = subscription;
            if (s != null) {
                s.close();
            }
        }
    }
}
