package dev.talon.ai.usage;

import dev.talon.ai.ollama.Feature;
import dev.talon.ai.ollama.OllamaException;
import dev.talon.api.ActivityLog;
import java.time.Clock;
import java.util.LinkedHashMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Records every call to a model: one {@code ai_usage} row (for the usage charts and the per-user,
 * per-feature audit) and one activity-log entry. Never stores the prompt itself, only its size.
 * Thread-safe.
 */
public final class UsageLog {

    /**
     * What was asked.
     *
     * @param userId who asked, or {@code null} for a scheduled job
     * @param feature which part of the add-on
     * @param operation {@code chat}, {@code generate}, {@code embed}, {@code pull}, …
     * @param model the model
     * @param promptChars size of what was sent
     */
    public record Call(Long userId, Feature feature, String operation, String model, int promptChars) {}

    /**
     * How it went.
     *
     * @param outcome {@code ok}, {@code stopped} or {@code error}
     * @param errorType the error's type (e.g. {@code unavailable}) when it failed
     */
    public record Result(Integer tokensIn, Integer tokensOut, Integer ttftMs, long durationMs, String outcome, String errorType) {
        public static Result ok(Integer tokensIn, Integer tokensOut, Integer ttftMs, long durationMs) {
            return new Result(tokensIn, tokensOut, ttftMs, durationMs, "ok", null);
        }

        public static Result failed(OllamaException e, long durationMs) {
            return new Result(null, null, null, durationMs, "error", e.type());
        }
    }

    private final Jdbi jdbi;
    private final ActivityLog activity;
    private final Clock clock;

    public UsageLog(Jdbi jdbi, ActivityLog activity, Clock clock) {
        this.jdbi = jdbi;
        this.activity = activity;
        this.clock = clock;
    }

    public void record(Call call, Result result) {
        String feature = call.feature().name().toLowerCase();
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO ai_usage (created_at, user_id, feature, operation, model, prompt_chars, tokens_in, tokens_out,
                                              ttft_ms, duration_ms, outcome, error_type)
                        VALUES (:at, :user, :feature, :op, :model, :chars, :tin, :tout, :ttft, :duration, :outcome, :error)""")
                .bind("at", clock.millis()).bind("user", call.userId()).bind("feature", feature).bind("op", call.operation())
                .bind("model", call.model()).bind("chars", call.promptChars()).bind("tin", result.tokensIn())
                .bind("tout", result.tokensOut()).bind("ttft", result.ttftMs()).bind("duration", (int) Math.min(Integer.MAX_VALUE, result.durationMs()))
                .bind("outcome", result.outcome()).bind("error", result.errorType()).execute());
        var metadata = new LinkedHashMap<String, Object>();
        metadata.put("feature", feature);
        metadata.put("model", call.model());
        metadata.put("prompt_chars", call.promptChars());
        if (result.tokensIn() != null) {
            metadata.put("tokens_in", result.tokensIn());
        }
        if (result.tokensOut() != null) {
            metadata.put("tokens_out", result.tokensOut());
        }
        metadata.put("duration_ms", result.durationMs());
        metadata.put("outcome", result.outcome());
        if (result.errorType() != null) {
            metadata.put("error", result.errorType());
        }
        activity.record(new ActivityLog.Activity(call.userId(), "ai." + feature + "." + call.operation(),
                call.model() == null ? null : "model:" + call.model(), null, metadata));
    }

    /** Deletes usage rows older than the cut-off; returns how many. */
    public int pruneOlderThan(long epochMillis) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM ai_usage WHERE created_at < :cut").bind("cut", epochMillis).execute());
    }
}
