package dev.talon.ai.cli;

import dev.talon.ai.AiRuntime;
import dev.talon.ai.config.ResolvedConfig;
import dev.talon.ai.models.PullView;
import dev.talon.ai.ollama.Feature;
import dev.talon.ai.ollama.OllamaException;
import dev.talon.ai.ollama.api.ModelSummary;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./panel ai:status}: each Ollama host with its reachability, version, installed and running
 * models (asked live), then every configuration key with its value and where it comes from.
 * Exit code 0, also when Ollama is down (the report says so).
 */
@Command(name = "ai:status", mixinStandardHelpOptions = true,
        description = "Shows the Ollama hosts (reachability, version, installed and running models) and the AI configuration with its sources.")
public final class StatusCommand implements Callable<Integer> {

    private final AiRuntime runtime;

    @Spec
    private CommandSpec spec;

    public StatusCommand(AiRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Ollama hosts");
        for (URI host : runtime.hosts()) {
            try {
                String version = runtime.client().version(Feature.ADMIN, host);
                List<ModelSummary> installed = runtime.client().tags(Feature.ADMIN, host);
                List<ModelSummary> running = runtime.client().ps(Feature.ADMIN, host);
                out.printf("  %s  reachable, Ollama %s%n", host, version);
                out.printf("    installed (%d):%s%n", installed.size(), installed.isEmpty() ? " none" : "");
                installed.forEach(m -> out.printf("      %-32s %10s%n", m.name(), PullView.bytes(m.size())));
                out.printf("    running (%d):%s%n", running.size(), running.isEmpty() ? " none" : "");
                running.forEach(m -> out.printf("      %-32s %10s in VRAM, until %s%n", m.name(),
                        m.sizeVram() == null ? "?" : PullView.bytes(m.sizeVram()), m.expiresAt()));
            } catch (OllamaException e) {
                out.printf("  %s  NOT reachable: %s%n", host, e.getMessage());
            }
        }
        var resolved = runtime.settings().resolved();
        out.println();
        out.println("Configuration (file " + runtime.settings().file() + ", then the panel database, then the environment)");
        for (ResolvedConfig.Entry e : resolved.entries()) {
            String source = e.source().name().toLowerCase();
            if (e.locked()) {
                source += " " + e.setting().envVar() + " (locked)";
            }
            out.printf("  %-34s %-28s %s%n", e.setting().key(), e.display(), source);
        }
        resolved.problems().forEach(p -> out.println("  problem: " + p));
        out.flush();
        return 0;
    }
}
