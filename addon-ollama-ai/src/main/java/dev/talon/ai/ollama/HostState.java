package dev.talon.ai.ollama;

import java.net.URI;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the client knows about one Ollama host: its breaker, requests in flight, and the models it
 * listed at the last health probe. Thread-safe.
 */
final class HostState {
  private final URI uri;
  private final CircuitBreaker breaker;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile Set<String> models; // null until the first successful probe
  private volatile Instant lastProbe;
  private volatile String lastError;

  HostState(URI uri, CircuitBreaker breaker) {
    this.uri = uri;
    this.breaker = breaker;
  }

  URI uri() {
    return uri;
  }

  CircuitBreaker breaker() {
    return breaker;
  }

  int inFlight() {
    return inFlight.get();
  }

  void started() {
    inFlight.incrementAndGet();
  }

  void finished() {
    inFlight.decrementAndGet();
  }

  /** True when the host listed the model, or when no list is known yet. */
  boolean mayHave(String model) {
    Set<String> known = models;
    return known == null || model == null || known.contains(ModelNames.normalize(model));
  }

  boolean hasListed(String model) {
    Set<String> known = models;
    return known != null && model != null && known.contains(ModelNames.normalize(model));
  }

  void probed(Set<String> models) {
    this.models = Set.copyOf(models);
    this.lastProbe = Instant.now();
    this.lastError = null;
  }

  void probeFailed(String error) {
    this.lastProbe = Instant.now();
    this.lastError = error;
  }

  HostStatus status() {
    Set<String> known = models;
    return new HostStatus(uri, HostStatus.State.valueOf(breaker.state().name()), inFlight.get(),
        known == null ? Set.of() : known, lastProbe, lastError);
  }
}
