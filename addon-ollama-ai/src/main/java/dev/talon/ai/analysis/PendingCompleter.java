package dev.talon.ai.analysis;

import dev.talon.ai.insights.Insight;
import dev.talon.ai.insights.Insights;
import dev.talon.ai.ollama.OllamaException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Completes findings stored with "no AI summary yet": sends them (their rule titles and
 * evidence) to the model and stores its explanation and recommendation. When Ollama is down the
 * findings simply stay pending for the next run. Thread-safe.
 */
public final class PendingCompleter {

    /** What a completion pass did. */
    public record Outcome(int completed, int stillPending, int tokensIn, int tokensOut, String problem) {
        static final Outcome NONE = new Outcome(0, 0, 0, 0, null);
    }

    private static final int BATCH = 12;

    private final Insights insights;
    private final Explainer explainer;

    public PendingCompleter(Insights insights, Explainer explainer) {
        this.insights = insights;
        this.explainer = explainer;
    }

    /** Explains pending findings of one category with {@code model} (a few batches per call). */
    public Outcome complete(String category, Supplier<String> model) {
        int completed = 0;
        int in = 0;
        int out = 0;
        for (int batch = 0; batch < 3; batch++) {
            List<Insight> pending = insights.pending(category, BATCH);
            if (pending.isEmpty()) {
                return new Outcome(completed, 0, in, out, null);
            }
            List<Explainer.Item> items = pending.stream()
                    .map(i -> new Explainer.Item("F" + i.id(), i.category(), i.severity(), i.title(), i.evidence()))
                    .toList();
            Explainer.Result result;
            try {
                result = explainer.explain(model.get(), items);
            } catch (OllamaException | IllegalStateException e) {
                return new Outcome(completed, insights.pending(category, 1000).size(), in, out, e.getMessage());
            }
            in += result.tokensIn();
            out += result.tokensOut();
            int before = completed;
            for (Insight i : pending) {
                Explainer.Explanation e = result.byId().get("F" + i.id());
                if (e != null) {
                    insights.complete(i.id(), e.explanation(), e.recommendation().isEmpty() ? null : e.recommendation(), result.model());
                    completed++;
                }
            }
            if (completed == before) {
                break; // the model explained none of them: try again next run
            }
        }
        return new Outcome(completed, insights.pending(category, 1000).size(), in, out, null);
    }
}
