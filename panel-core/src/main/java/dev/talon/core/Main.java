package dev.talon.core;

import dev.talon.core.cli.Commands;
import dev.talon.core.cli.DataOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./panel <command>}. Core commands run directly; any other command name makes the panel
 * load its add-ons first, so their commands (registered through panel-api) can run too.
 */
@Command(name = "panel", mixinStandardHelpOptions = true, version = "Talon 0.1.0",
        description = "Talon game-server panel.",
        subcommands = {Commands.Serve.class, Commands.Migrate.class, Commands.UserCreate.class, Commands.ApiKeyCreate.class,
                Commands.AddonList.class})
public final class Main implements Runnable {

    private static final Set<String> CORE = Set.of("serve", "migrate", "user:create", "apikey:create", "addon:list");

    private final Map<String, String> environment;

    private Main(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        // Libraries that log through java.util.logging (Lucene in the AI add-on, for one) would
        // otherwise print to stderr in their own format, past logback's levels.
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        System.exit(run(args));
    }

    /** Runs a command line with the process environment and returns the exit code. */
    public static int run(String... args) {
        return run(System.getenv(), args);
    }

    /**
     * Runs a command line with the given {@code PANEL_*} environment and returns the exit code
     * (tests pass their own, e.g. {@code PANEL_ADDONS_DIR}).
     */
    public static int run(Map<String, String> environment, String... args) {
        String command = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse(null);
        if (command == null || CORE.contains(command) || command.equals("help")) {
            return commandLine(environment).execute(args);
        }
        try (Panel panel = Panel.open(PanelConfig.from(environment, dataDir(args), 0))) {
            var manager = panel.startAddons(Set::of);
            CommandLine cli = commandLine(environment);
            panel.registry().all().forEach(c -> c.commands().forEach(cmd -> {
                var sub = new CommandLine(cmd);
                sub.addMixin("data", new DataOption());
                cli.addSubcommand(sub);
            }));
            int code = cli.execute(args);
            manager.close();
            return code;
        }
    }

    private static CommandLine commandLine(Map<String, String> environment) {
        return new CommandLine(new Main(environment)).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cli, parseResult) -> {
                    // A user sees what went wrong in one line; the stack trace goes to the log at debug level.
                    org.slf4j.LoggerFactory.getLogger(Main.class).debug("Command failed", e);
                    cli.getErr().println("Error: " + describe(e));
                    return 1;
                });
    }

    private static String describe(Throwable e) {
        var text = new StringBuilder(String.valueOf(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        Throwable cause = e.getCause();
        while (cause != null && cause != e) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(" (").append(cause.getMessage()).append(')');
            }
            e = cause;
            cause = cause.getCause();
        }
        return text.toString();
    }

    private static Path dataDir(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--data") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--data=")) {
                return Path.of(args[i].substring(7));
            }
        }
        return Path.of("./data");
    }

    /** The environment the commands read their configuration from. */
    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
