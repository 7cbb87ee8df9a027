package dev.talon.ai.cli;

import dev.talon.ai.AiRuntime;
import dev.talon.ai.models.PullManager;
import dev.talon.ai.models.PullView;
import dev.talon.ai.ollama.Feature;
import dev.talon.ai.ollama.OllamaException;
import dev.talon.ai.ollama.api.ModelSummary;
import java.io.PrintWriter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./panel ai:setup-models}: pulls every configured model ({@code ollama.models.*}) that a
 * reachable host lacks, one at a time, with a progress bar. Pulls go through the same
 * {@link PullManager} as the page, so they are in the usage log too.
 *
 * <p>Exit codes: 0 all present or pulled; 1 no host reachable, or a pull failed.
 */
@Command(name = "ai:setup-models", mixinStandardHelpOptions = true,
        description = "Pulls the configured models that are missing on the Ollama hosts, with a progress bar.")
public final class SetupModelsCommand implements Callable<Integer> {

    private static final int BAR = 30;

    private final AiRuntime runtime;
    private final PullManager pulls;

    @Spec
    private CommandSpec spec;

    public SetupModelsCommand(AiRuntime runtime, PullManager pulls) {
        this.runtime = runtime;
        this.pulls = pulls;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Set<String> wanted = configuredModels();
        Map<URI, Set<String>> installed = new LinkedHashMap<>();
        for (URI host : runtime.hosts()) {
            try {
                var names = new LinkedHashSet<String>();
                runtime.client().tags(Feature.ADMIN, host).stream().map(ModelSummary::name).map(PullManager::withTag).forEach(names::add);
                installed.put(host, names);
            } catch (OllamaException e) {
                err.println(host + ": " + e.getMessage());
            }
        }
        if (installed.isEmpty()) {
            err.println("Error: Ollama is not reachable at " + runtime.hosts() + ". Start it with \"ollama serve\" on that machine "
                    + "(or set OLLAMA_HOST / ai:configure --set ollama.host=...), then run ai:setup-models again.");
            err.flush();
            return 1;
        }
        boolean allOk = true;
        for (var host : installed.entrySet()) {
            List<String> missing = wanted.stream().filter(m -> !host.getValue().contains(m)).toList();
            out.printf("%s: %d configured model(s), %d missing%n", host.getKey(), wanted.size(), missing.size());
            for (String model : missing) {
                allOk &= pull(out, host.getKey(), model);
            }
        }
        out.println(allOk ? "All configured models are installed." : "Some models could not be pulled (see above).");
        out.flush();
        return allOk ? 0 : 1;
    }

    private boolean pull(PrintWriter out, URI host, String model) throws InterruptedException {
        PullView view = pulls.start(host, model, null);
        while (view.running()) {
            out.print("\r" + bar(view));
            out.flush();
            Thread.sleep(200);
            view = pulls.find(view.id()).orElseThrow();
        }
        out.print("\r" + bar(view));
        out.println();
        if (view.state() != PullView.State.SUCCEEDED) {
            out.println("  " + model + ": " + view.state().label() + (view.error() == null ? "" : " — " + view.error()));
            return false;
        }
        return true;
    }

    /** {@code llama3.1:8b [##########..........]  50%  2.33 GB / 4.66 GB  pulling 6a07…}. */
    static String bar(PullView view) {
        int percent = view.percent();
        int filled = percent < 0 ? 0 : percent * BAR / 100;
        String sizes = view.total() > 0 ? PullView.bytes(view.completed()) + " / " + PullView.bytes(view.total()) : "";
        return String.format("%-24s [%s%s] %4s  %-22s %-30s", view.model(), "#".repeat(filled), ".".repeat(BAR - filled),
                percent < 0 ? "" : percent + "%", sizes, view.status());
    }

    private Set<String> configuredModels() {
        var models = new LinkedHashSet<String>();
        runtime.settings().resolved().entries().stream()
                .filter(e -> e.setting().key().startsWith("ollama.models.") && !e.value().isBlank())
                .forEach(e -> models.add(PullManager.withTag(e.value())));
        return models;
    }
}
