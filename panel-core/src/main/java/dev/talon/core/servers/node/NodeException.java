package dev.talon.core.servers.node;

import java.util.UUID;

/**
 * Why the node refused a request. Sealed so the web layer maps every case in one switch
 * (Pterodactyl: unknown → 404, offline → 502 "server must be online", conflict → 409,
 * rejected command → 422, start failed → 500 with the reason).
 */
public abstract sealed class NodeException extends RuntimeException {

    private final UUID server;

    NodeException(UUID server, String message, Throwable cause) {
        super(message, cause);
        this.server = server;
    }

    public UUID server() {
        return server;
    }

    /** No server with this id is registered on the node. */
    public static final class UnknownServer extends NodeException {
        public UnknownServer(UUID server) {
            super(server, "no server " + server + " on this node", null);
        }
    }

    /** The server has no running process to receive a command. */
    public static final class ServerOffline extends NodeException {
        public ServerOffline(UUID server) {
            super(server, "server " + server + " must be online to receive commands", null);
        }
    }

    /** The power action does not fit the current state, e.g. start while running. */
    public static final class PowerConflict extends NodeException {
        private final PowerState state;

        public PowerConflict(UUID server, PowerState state, String action) {
            super(server, "cannot " + action + " server " + server + " while it is " + state.wireName(), null);
            this.state = state;
        }

        public PowerState state() {
            return state;
        }
    }

    /** The command was refused before reaching the server (too long, control characters). */
    public static final class CommandRejected extends NodeException {
        public CommandRejected(UUID server, String reason) {
            super(server, "command refused: " + reason, null);
        }
    }

    /** The process could not be started (bad variables, missing binary, ...). */
    public static final class StartFailed extends NodeException {
        public StartFailed(UUID server, String reason, Throwable cause) {
            super(server, "server " + server + " could not start: " + reason, cause);
        }
    }
}
