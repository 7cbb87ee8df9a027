package dev.talon.ai.chat;

import dev.talon.ai.ollama.Feature;
import dev.talon.ai.ollama.OllamaClient;
import dev.talon.ai.ollama.OllamaException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Whether a chat model takes tools, from the {@code capabilities} of Ollama's {@code /api/show},
 * remembered per model for {@link #TTL}. Without it, every turn with a tool-less model would first
 * be refused (400 "does not support tools") and then sent again.
 *
 * <p>Only a known "no" withholds tools. When the answer is unknown — Ollama too old to report
 * capabilities, {@code show} failing, the model not installed yet — tools are offered and the chat
 * request's 400 remains the fallback; {@link #learnNoTools} then records what the 400 proved, so
 * stale or wrong capabilities cost at most one refused request per {@link #TTL}. Entries expire
 * rather than being invalidated, so a model replaced under the same name is seen within minutes.
 *
 * <p>Lifecycle: one per add-on start (the cache goes with it). Thread-safe: concurrent turns may
 * ask {@code show} for the same model at once; the last answer wins, all are equivalent.
 */
public final class ToolSupport {

    /** How long a model's answer is trusted. */
    public static final Duration TTL = Duration.ofMinutes(5);

    private record Known(boolean tools, long until) {}

    private final Supplier<OllamaClient> client;
    private final Clock clock;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    public ToolSupport(Supplier<OllamaClient> client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** False only when Ollama said, within {@link #TTL}, that {@code model} has no {@code tools} capability. */
    public boolean mayOffer(String model) {
        long now = clock.millis();
        Known k = known.get(model);
        if (k == null || k.until() <= now) {
            k = ask(model, now);
            if (k == null) {
                return true; // show failed: offer, and let the chat request decide
            }
            known.put(model, k);
        }
        return k.tools();
    }

    /** Ollama refused tools for {@code model} (400): don't offer them again for {@link #TTL}. */
    public void learnNoTools(String model) {
        known.put(model, new Known(false, clock.millis() + TTL.toMillis()));
    }

    private Known ask(String model, long now) {
        try {
            var info = client.get().show(Feature.CHAT, model);
            // An Ollama too old to list capabilities does not say: offer, a 400 corrects it.
            return new Known(info.capabilities().isEmpty() || info.supports("tools"), now + TTL.toMillis());
        } catch (OllamaException e) {
            return null; // not installed, unreachable…: the chat request says what is wrong
        }
    }
}
