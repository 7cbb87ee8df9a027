package dev.talon.core.servers;

import dev.talon.api.ActivityLog;
import dev.talon.api.ActivityLog.Activity;
import dev.talon.api.events.EventBus;
import dev.talon.core.servers.metrics.MetricsRepository;
import dev.talon.core.servers.node.LocalNode;
import dev.talon.core.servers.node.NodeConfig;
import dev.talon.core.servers.node.PowerAction;
import dev.talon.core.servers.node.PowerState;
import dev.talon.core.servers.node.ResourceUsage;
import dev.talon.core.servers.node.ServerSpec;
import dev.talon.core.servers.node.template.Editor;
import dev.talon.core.servers.node.template.ServerTemplate;
import dev.talon.core.servers.node.template.Templates;
import dev.talon.core.servers.node.template.VariableValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers feature's service: owns the {@link LocalNode}, keeps it in step with the
 * {@code servers} table, and is the one place power actions and commands go through (suspension
 * check, activity entry). Permission checks happen before, in the web layer.
 *
 * <p>Lifecycle: {@link #open} opens the node (killing leftovers of a previous run) and registers
 * every stored server; {@link #close} stops every server and drains the event bridge.
 */
public final class ServerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerService.class);

    private final ServerRepository servers;
    private final ActivityLog activity;
    private final NodeConfig nodeConfig;
    private final NodeBridge bridge;
    private LocalNode node;

    public ServerService(ServerRepository servers, MetricsRepository metrics, ActivityLog activity, EventBus events,
            NodeConfig nodeConfig) {
        this.servers = servers;
        this.activity = activity;
        this.nodeConfig = nodeConfig;
        this.bridge = new NodeBridge(events, activity, metrics, servers);
    }

    /** Opens the node and registers every stored server (all offline). */
    public void open() {
        try {
            node = LocalNode.open(nodeConfig, bridge);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the local node in " + nodeConfig.dataDir(), e);
        }
        for (GameServer server : servers.all()) {
            try {
                node.register(spec(server));
            } catch (IOException | RuntimeException e) {
                LOG.error("server {} ({}) could not be registered on the node", server.identifier(), server.name(), e);
            }
        }
    }

    public LocalNode node() {
        if (node == null) {
            throw new IllegalStateException("the servers service is not open");
        }
        return node;
    }

    public ServerRepository repository() {
        return servers;
    }

    public static Optional<ServerTemplate> template(String id) {
        return Templates.builtIn().stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** Creates a server (validating its template and variables) and registers it on the node. */
    public GameServer create(ServerRepository.NewServer request, Long actorId, String ip) {
        ServerRepository.NewServer checked = validate(request);
        GameServer server = servers.insert(checked);
        register(server);
        activity.record(new Activity(actorId, "server.created", server.subject(), ip,
                Map.of("name", server.name(), "owner_id", server.ownerId(), "template", server.templateId())));
        return server;
    }

    /** Changes a server; the node uses the new settings at the next start. */
    public GameServer update(GameServer server, ServerRepository.NewServer request, Long actorId, String ip) {
        ServerRepository.NewServer checked = validate(request);
        servers.update(server.id(), checked);
        GameServer updated = servers.find(server.id()).orElseThrow();
        register(updated);
        activity.record(new Activity(actorId, "server.updated", server.subject(), ip, Map.of("name", updated.name())));
        return updated;
    }

    /** A client edit of user-editable variables. */
    public void updateVariables(GameServer server, Map<String, String> edits, Long actorId, String ip) {
        ServerTemplate template = templateOf(server);
        Map<String, String> values = VariableValues.applyEdits(template, server.variables(), edits, Editor.CLIENT);
        servers.setVariables(server.id(), values);
        register(servers.find(server.id()).orElseThrow());
        activity.record(new Activity(actorId, "server.startup.edit", server.subject(), ip, Map.of("variables", edits.keySet())));
    }

    /**
     * A client rename (Pterodactyl's {@code settings/rename}): the name is required, at most 191
     * characters; the description is kept when {@code description} is null.
     */
    public GameServer rename(GameServer server, String name, String description, Long actorId, String ip) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > 191 || clean.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new ServerProblem(ServerProblem.Kind.INVALID, "The name is required: 1 to 191 characters, no control characters.");
        }
        String text = description == null ? server.description() : description.strip();
        if (text.length() > 2000) {
            throw new ServerProblem(ServerProblem.Kind.INVALID, "The description is at most 2000 characters.");
        }
        servers.rename(server.id(), clean, text);
        activity.record(new Activity(actorId, "server.settings.rename", server.subject(), ip,
                Map.of("old", server.name(), "new", clean)));
        return servers.find(server.id()).orElseThrow();
    }

    /** Suspends (killing a running process) or unsuspends. */
    public void setSuspended(GameServer server, boolean suspended, Long actorId, String ip) {
        servers.setSuspended(server.id(), suspended);
        if (suspended && node().state(server.uuid()) != PowerState.OFFLINE) {
            node().kill(server.uuid());
        }
        activity.record(new Activity(actorId, suspended ? "server.suspended" : "server.unsuspended", server.subject(), ip, Map.of()));
    }

    /** Kills the process if any, forgets the server on the node and deletes its row (the folder stays). */
    public void delete(GameServer server, Long actorId, String ip) {
        try {
            if (node().state(server.uuid()) != PowerState.OFFLINE) {
                node().kill(server.uuid()).get(15, java.util.concurrent.TimeUnit.SECONDS);
            }
            node().unregister(server.uuid());
        } catch (dev.talon.core.servers.node.NodeException.UnknownServer e) {
            // not on the node (e.g. it failed to register): only the row is left
        } catch (Exception e) {
            throw new ServerProblem(ServerProblem.Kind.CONFLICT, "The server did not stop; try again.");
        }
        servers.delete(server.id());
        bridge.forget(server.uuid());
        activity.record(new Activity(actorId, "server.deleted", server.subject(), ip, Map.of("name", server.name())));
    }

    /** Runs a power signal for a user (or the system when {@code actorId} is null). */
    public void power(GameServer server, PowerAction action, Long actorId, String ip) {
        refuseIfSuspended(server);
        node().power(server.uuid(), action);
        activity.record(new Activity(actorId, "server.power." + action.name().toLowerCase(java.util.Locale.ROOT),
                server.subject(), ip, Map.of()));
    }

    /** Sends a console command for a user. */
    public void command(GameServer server, String command, Long actorId, String ip) {
        refuseIfSuspended(server);
        node().sendCommand(server.uuid(), command);
        activity.record(new Activity(actorId, "server.console.command", server.subject(), ip, Map.of("command", command)));
    }

    public PowerState state(GameServer server) {
        return node().state(server.uuid());
    }

    public ResourceUsage resources(GameServer server) {
        return node().resources(server.uuid());
    }

    /** Creates the demo server of a first start, owned by {@code ownerId}. */
    public GameServer createDemo(long ownerId) {
        ServerTemplate demo = Templates.demo();
        return create(new ServerRepository.NewServer("Demo server", "A pretend game server that shows what Talon does.",
                ownerId, demo.id(), demo.startup(), Map.of(), 256, true), null, null);
    }

    public ServerTemplate templateOf(GameServer server) {
        return template(server.templateId()).orElseThrow(() -> new ServerProblem(ServerProblem.Kind.INVALID,
                "Server " + server.identifier() + " uses an unknown template '" + server.templateId() + "'."));
    }

    private void refuseIfSuspended(GameServer server) {
        if (servers.find(server.id()).map(GameServer::suspended).orElse(true)) {
            throw new ServerProblem(ServerProblem.Kind.CONFLICT, "This server is suspended.");
        }
    }

    private ServerRepository.NewServer validate(ServerRepository.NewServer request) {
        if (request.name() == null || request.name().isBlank() || request.name().length() > 191) {
            throw new ServerProblem(ServerProblem.Kind.INVALID, "The name is required (at most 191 characters).");
        }
        ServerTemplate template = template(request.templateId()).orElseThrow(() -> new ServerProblem(ServerProblem.Kind.INVALID,
                "There is no template '" + request.templateId() + "'."));
        if (request.memoryMb() < 0 || request.memoryMb() > 1_048_576) {
            throw new ServerProblem(ServerProblem.Kind.INVALID, "The memory limit must be between 0 and 1048576 MiB.");
        }
        String startup = request.startup() == null || request.startup().isBlank() ? template.startup() : request.startup().strip();
        Map<String, String> variables = VariableValues.applyEdits(template, Map.of(), request.variables(), Editor.ADMIN);
        return new ServerRepository.NewServer(request.name().strip(), request.description() == null ? "" : request.description().strip(),
                request.ownerId(), template.id(), startup, variables, request.memoryMb(), request.autoRestart());
    }

    private void register(GameServer server) {
        try {
            node().register(spec(server));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the folder of server " + server.identifier(), e);
        }
    }

    private ServerSpec spec(GameServer server) {
        return new ServerSpec(server.uuid(), templateOf(server), server.startup(), server.variables(), server.memoryMb(),
                server.autoRestart());
    }

    @Override
    public void close() {
        if (node != null) {
            node.close();
        }
        bridge.close();
    }
}
