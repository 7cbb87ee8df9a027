package dev.talon.ai.ollama;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Micrometer meters of the client. Label sets stay bounded: {@code feature} is an enum,
 * {@code operation} a fixed list, {@code outcome}/{@code type} the error types, and {@code model}
 * is a model some host listed, else {@code other} (so a client sending random names cannot grow
 * the set).
 *
 * <ul>
 *   <li>{@code ollama.client.requests} (counter): feature, model, operation, outcome
 *   <li>{@code ollama.client.errors} (counter): feature, model, operation, type
 *   <li>{@code ollama.client.duration} (timer): feature, model, operation, outcome
 *   <li>{@code ollama.client.time_to_first_token} (timer): feature, model, operation
 *   <li>{@code ollama.client.tokens} (counter): feature, model, operation, direction = in|out
 * </ul>
 */
final class ClientMetrics {
  private final MeterRegistry registry;
  private final HostPool pool;

  ClientMetrics(MeterRegistry registry, HostPool pool) {
    this.registry = registry;
    this.pool = pool;
  }

  Call start(Feature feature, String operation, String model) {
    return new Call(feature, operation, modelTag(model));
  }

  private String modelTag(String model) {
    if (model == null) {
      return "none";
    }
    for (HostState host : pool.all()) {
      if (host.hasListed(model)) {
        return ModelNames.normalize(model);
      }
    }
    return "other";
  }

  /** One request's measurements; {@link #succeeded} or {@link #failed} records it, once. */
  final class Call {
    private final Tags tags;
    private final AtomicBoolean recorded = new AtomicBoolean();
    private volatile long startNanos = System.nanoTime();
    private volatile boolean sawFirstChunk;

    private Call(Feature feature, String operation, String model) {
      this.tags = Tags.of("feature", feature.tag(), "model", model, "operation", operation);
    }

    /** Restarts the clock when the request is actually sent (streams open lazily). */
    void sending() {
      startNanos = System.nanoTime();
    }

    void chunk() {
      if (!sawFirstChunk) {
        sawFirstChunk = true;
        Timer.builder("ollama.client.time_to_first_token").tags(tags).register(registry)
            .record(Duration.ofNanos(System.nanoTime() - startNanos));
      }
    }

    void succeeded(Integer tokensIn, Integer tokensOut) {
      if (!recorded.compareAndSet(false, true)) {
        return;
      }
      finish("ok");
      Tags base = tags.and("direction", "in");
      if (tokensIn != null) {
        Counter.builder("ollama.client.tokens").tags(base).register(registry).increment(tokensIn);
      }
      if (tokensOut != null) {
        Counter.builder("ollama.client.tokens").tags(tags.and("direction", "out"))
            .register(registry).increment(tokensOut);
      }
    }

    void failed(OllamaException failure) {
      if (!recorded.compareAndSet(false, true)) {
        return;
      }
      finish(failure.type());
      Counter.builder("ollama.client.errors").tags(tags.and("type", failure.type()))
          .register(registry).increment();
    }

    private void finish(String outcome) {
      Tags withOutcome = tags.and("outcome", outcome);
      Counter.builder("ollama.client.requests").tags(withOutcome).register(registry).increment();
      Timer.builder("ollama.client.duration").tags(withOutcome).register(registry)
          .record(Duration.ofNanos(System.nanoTime() - startNanos));
    }
  }
}
