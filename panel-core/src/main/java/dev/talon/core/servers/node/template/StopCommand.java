package dev.talon.core.servers.node.template;

/**
 * How a template asks its server to stop before the node escalates to SIGTERM and SIGKILL.
 * Eggs write either a console command ({@code stop}) or {@code ^C} for an interrupt signal.
 */
public sealed interface StopCommand {

    /** A line written to the server's stdin. */
    record Console(String line) implements StopCommand {
        public Console {
            if (line == null || line.isBlank() || line.chars().anyMatch(c -> c < 0x20)) {
                throw new IllegalArgumentException("stop command must be one non-blank line");
            }
        }
    }

    /** A signal sent to the server process. */
    record Signal(StopSignal signal) implements StopCommand {}

    enum StopSignal {
        SIGINT,
        SIGTERM
    }

    /** Parses egg notation: {@code ^C} = SIGINT, {@code ^SIGTERM} = SIGTERM, anything else a console line. */
    static StopCommand parse(String text) {
        return switch (text.strip()) {
            case "^C", "^SIGINT" -> new Signal(StopSignal.SIGINT);
            case "^SIGTERM" -> new Signal(StopSignal.SIGTERM);
            default -> new Console(text.strip());
        };
    }
}
