package dev.talon.core.servers;

/**
 * A request about a server that the panel refuses before the node is asked: the server is
 * suspended (conflict) or the input is invalid. Mapped to 409 / 422 by the web layer.
 */
public final class ServerProblem extends RuntimeException {

    /** Why the request was refused. */
    public enum Kind { CONFLICT, INVALID }

    private final Kind kind;

    public ServerProblem(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
