package dev.talon.ai.cli;

import dev.talon.ai.config.AiSettings;
import dev.talon.ai.config.Setting;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./panel ai:configure --set key=value [--set …]}: saves settings to the panel database, as
 * AI Settings does, validated all at once. Exit code 2 (nothing saved) on an unknown key, a bad
 * value or a key locked by the environment; the message names the key.
 */
@Command(name = "ai:configure", mixinStandardHelpOptions = true,
        description = "Saves AI settings (stored in the panel database; environment variables still win).")
public final class ConfigureCommand implements Callable<Integer> {

    static final int INVALID = 2;

    private final AiSettings settings;

    @Spec
    private CommandSpec spec;

    @Option(names = "--set", required = true, paramLabel = "KEY=VALUE",
            description = "A setting to save, e.g. --set ollama.models.chat=llama3.1:8b (repeatable).")
    private List<String> assignments;

    public ConfigureCommand(AiSettings settings) {
        this.settings = settings;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var changes = new LinkedHashMap<String, String>();
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                err.println("Error: --set expects key=value, got \"" + assignment + "\". Nothing was saved.");
                err.flush();
                return INVALID;
            }
            changes.put(assignment.substring(0, eq).trim(), assignment.substring(eq + 1).trim());
        }
        try {
            settings.save(changes);
        } catch (Setting.InvalidSetting e) {
            err.println("Error: " + e.getMessage() + ". Nothing was saved.");
            err.flush();
            return INVALID;
        }
        var resolved = settings.resolved();
        for (String key : changes.keySet()) {
            var entry = resolved.entry(key);
            out.printf("%s = %s (%s)%n", key, entry.display(), entry.source().name().toLowerCase());
        }
        out.flush();
        return 0;
    }
}
