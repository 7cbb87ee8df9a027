package dev.talon.core.servers.node;

import java.util.Locale;

/** The {@code signal} of Pterodactyl's power API and the Wings {@code set state} event. */
public enum PowerAction {
    START,
    STOP,
    RESTART,
    KILL;

    /** Parses {@code start|stop|restart|kill}; throws {@link IllegalArgumentException} otherwise. */
    public static PowerAction fromWire(String signal) {
        return switch (signal == null ? "" : signal.strip().toLowerCase(Locale.ROOT)) {
            case "start" -> START;
            case "stop" -> STOP;
            case "restart" -> RESTART;
            case "kill" -> KILL;
            default -> throw new IllegalArgumentException("unknown power signal '" + signal + "'");
        };
    }
}
