package dev.talon.ai.analysis.logs;

import dev.talon.ai.analysis.Explainer;
import dev.talon.ai.ollama.OllamaException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Analysis of a log given at once (a file on the command line, text posted to the API): mine it,
 * pick the notable templates by rule, and — when Ollama answers — have the model explain them.
 * Nothing is stored. Thread-safe.
 */
public final class AdHocAnalysis {

    /**
     * @param notable the templates that matter, most important first
     * @param summary the model's summary, or {@code null} when it could not be asked
     * @param explanations by template id
     * @param problem why there is no summary ({@code null} when there is one)
     */
    public record Report(long lines, long events, List<LogTemplate> templates, List<LogTemplate> notable, String summary,
                         Map<String, Explainer.Explanation> explanations, String model, String problem) {}

    private final Explainer explainer;
    private final Supplier<String> model;

    public AdHocAnalysis(Explainer explainer, Supplier<String> model) {
        this.explainer = explainer;
        this.model = model;
    }

    /** Mines {@code lines} and explains the notable templates (at most {@code limit}). */
    public Report analyse(Iterable<String> lines, int limit) {
        var miner = new TemplateMiner();
        lines.forEach(miner::accept);
        miner.finish();
        List<LogTemplate> templates = miner.templates();
        List<LogTemplate> notable = LogFindings.notable(templates, Set.of(), limit);
        if (notable.isEmpty()) {
            return new Report(miner.lines(), miner.events(), templates, notable, null, Map.of(), null,
                    "nothing notable: no warnings, errors, stack traces or bursts");
        }
        List<Explainer.Item> items = notable.stream()
                .map(t -> new Explainer.Item(t.id(), "logs", LogFindings.severity(t), LogFindings.title(t, false),
                        LogFindings.evidence(t, false)))
                .toList();
        try {
            Explainer.Result r = explainer.explain(model.get(), items);
            return new Report(miner.lines(), miner.events(), templates, notable, r.summary(), r.byId(), r.model(), null);
        } catch (OllamaException | IllegalStateException e) {
            return new Report(miner.lines(), miner.events(), templates, notable, null, Map.of(), null,
                    "no AI summary: " + e.getMessage());
        }
    }
}
