package dev.talon.ai.ollama;

import java.net.URI;
import java.util.Collection;
import java.util.List;

/**
 * Chooses the host for each request: one whose breaker lets requests through and that listed the
 * model at its last probe (or has not been probed yet), least in-flight first, then in configured
 * order. When no host at all lists the model, any host is chosen so that Ollama answers 404. Thread-safe; the host list is fixed at construction.
 */
final class HostPool {
  private final List<HostState> hosts;

  HostPool(List<HostState> hosts) {
    this.hosts = List.copyOf(hosts);
  }

  List<HostState> all() {
    return hosts;
  }

  /**
   * The best host for {@code model} that is not in {@code skip}, with its breaker permission taken,
   * or {@code null} when none can take a request now.
   */
  HostState choose(String model, Collection<HostState> skip) {
    HostState chosen = best(model, skip, true);
    if (chosen == null && hosts.stream().noneMatch(host -> host.hasListed(model))) {
      chosen = best(model, skip, false); // nobody has it: let a host say 404 in its own words
    }
    return chosen;
  }

  /** Whether some host outside {@code skip} could take a request now. */
  boolean hasCandidate(Collection<HostState> skip) {
    for (HostState host : hosts) {
      if (!skip.contains(host) && host.breaker().allowsRequests()) {
        return true;
      }
    }
    return false;
  }

  /** The configured host with this URI, with its breaker permission taken, or {@code null}. */
  HostState pinned(URI uri) {
    for (HostState host : hosts) {
      if (host.uri().equals(uri)) {
        return host.breaker().tryAcquire() ? host : null;
      }
    }
    throw new IllegalArgumentException("Not a configured Ollama host: " + uri);
  }

  private HostState best(String model, Collection<HostState> skip, boolean mustHaveModel) {
    while (true) {
      HostState best = null;
      for (HostState host : hosts) {
        if (skip.contains(host) || !host.breaker().allowsRequests()
            || (mustHaveModel && !host.mayHave(model))) {
          continue;
        }
        if (best == null || host.inFlight() < best.inFlight()) {
          best = host;
        }
      }
      if (best == null || best.breaker().tryAcquire()) {
        return best;
      }
      // Another caller took the half-open trial between the two checks; look again.
    }
  }
}
