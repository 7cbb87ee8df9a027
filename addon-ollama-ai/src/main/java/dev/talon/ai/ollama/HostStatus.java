package dev.talon.ai.ollama;

import java.net.URI;
import java.time.Instant;
import java.util.Set;

/**
 * A snapshot of one host for the admin pages.
 *
 * @param models the models the host listed at its last successful probe ({@code name:tag})
 * @param lastProbe when the last health probe finished, or {@code null} before the first
 * @param lastError why the last probe failed, or {@code null} when it succeeded
 */
public record HostStatus(URI uri, State state, int inFlight, Set<String> models, Instant lastProbe,
                         String lastError) {

  /** The host's circuit breaker. */
  public enum State {
    /** Taking requests. */
    CLOSED,
    /** Failed repeatedly; skipped until its cool-down ends. */
    OPEN,
    /** Cool-down over: the next request or probe decides. */
    HALF_OPEN
  }
}
