package dev.talon.ai.ollama;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@link OllamaClient} needs, validated once here. Immutable; build it with
 * {@link #builder(List)} from the add-on's configuration.
 *
 * @param hosts Ollama base URLs, in order of preference on ties (see {@link OllamaHosts})
 * @param connectTimeout opening a TCP connection
 * @param firstByteTimeout from sending a request to the first byte of the answer; includes a cold
 *     model load, so minutes, not seconds ({@code OLLAMA_TIMEOUT})
 * @param idleTimeout longest silence between two chunks once an answer has started
 * @param maxConcurrentRequests model requests (chat, generate, embed) in flight at once across all
 *     hosts ({@code limits.max_concurrent_requests})
 * @param maxQueuedRequests callers allowed to wait for a free slot; one more is refused at once
 * @param queueWait longest a caller waits for a slot before {@link OllamaException.Overloaded}
 * @param keepAlive sent as {@code keep_alive} only when non-null, so the operator's server setting
 *     stands otherwise
 * @param retry retries before any byte arrived (connection failures and 503)
 * @param breaker per-host circuit breaker
 * @param healthCheckInterval how often each host is probed with {@code GET /api/tags};
 *     {@link Duration#ZERO} turns the background probe off
 * @param meters where request metrics go
 */
public record OllamaClientConfig(
    List<URI> hosts,
    Duration connectTimeout,
    Duration firstByteTimeout,
    Duration idleTimeout,
    int maxConcurrentRequests,
    int maxQueuedRequests,
    Duration queueWait,
    String keepAlive,
    RetryPolicy retry,
    BreakerPolicy breaker,
    Duration healthCheckInterval,
    MeterRegistry meters) {

  /**
   * Exponential backoff with jitter: attempt n waits {@code min(max, initial·2^(n-1))}, reduced by
   * a random share of up to {@code jitter} (0..1).
   *
   * @param maxAttempts total attempts including the first; 1 turns retries off
   */
  public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                            double jitter) {
    public RetryPolicy {
      require(maxAttempts >= 1, "retry.max_attempts", maxAttempts);
      requirePositive(initialBackoff, "retry.initial_backoff");
      requirePositive(maxBackoff, "retry.max_backoff");
      require(jitter >= 0 && jitter <= 1, "retry.jitter", jitter);
    }

    public static RetryPolicy defaults() {
      return new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(8), 0.5);
    }

    public static RetryPolicy none() {
      return new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), 0);
    }
  }

  /**
   * A host's breaker opens after {@code failureThreshold} consecutive failures, lets one trial
   * request (or health probe) through after {@code coolDown}, and closes on its success.
   */
  public record BreakerPolicy(int failureThreshold, Duration coolDown) {
    public BreakerPolicy {
      require(failureThreshold >= 1, "breaker.failure_threshold", failureThreshold);
      requirePositive(coolDown, "breaker.cool_down");
    }

    public static BreakerPolicy defaults() {
      return new BreakerPolicy(3, Duration.ofSeconds(30));
    }
  }

  public OllamaClientConfig {
    hosts = List.copyOf(Objects.requireNonNull(hosts, "hosts"));
    require(!hosts.isEmpty(), "hosts", "an empty list");
    for (URI host : hosts) {
      require(host.getHost() != null
          && ("http".equals(host.getScheme()) || "https".equals(host.getScheme())), "hosts", host);
    }
    requirePositive(connectTimeout, "timeouts.connect");
    requirePositive(firstByteTimeout, "timeouts.first_byte (OLLAMA_TIMEOUT)");
    requirePositive(idleTimeout, "timeouts.idle");
    require(maxConcurrentRequests >= 1, "limits.max_concurrent_requests", maxConcurrentRequests);
    require(maxQueuedRequests >= 0, "limits.max_queued_requests", maxQueuedRequests);
    requirePositive(queueWait, "limits.queue_wait");
    require(keepAlive == null || !keepAlive.isBlank(), "keep_alive", "'" + keepAlive + "'");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(breaker, "breaker");
    require(healthCheckInterval != null && !healthCheckInterval.isNegative(),
        "health_check_interval", healthCheckInterval);
    Objects.requireNonNull(meters, "meters");
  }

  /** Defaults: 10 s connect, 5 min first byte, 2 min idle, 10 concurrent, 50 queued for 30 s. */
  public static Builder builder(List<URI> hosts) {
    return new Builder(hosts);
  }

  /** Collects settings; {@link #build()} validates them all at once. */
  public static final class Builder {
    private final List<URI> hosts;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration firstByteTimeout = Duration.ofMinutes(5);
    private Duration idleTimeout = Duration.ofMinutes(2);
    private int maxConcurrentRequests = 10;
    private int maxQueuedRequests = 50;
    private Duration queueWait = Duration.ofSeconds(30);
    private String keepAlive;
    private RetryPolicy retry = RetryPolicy.defaults();
    private BreakerPolicy breaker = BreakerPolicy.defaults();
    private Duration healthCheckInterval = Duration.ofSeconds(15);
    private MeterRegistry meters;

    private Builder(List<URI> hosts) {
      this.hosts = hosts;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = d;
      return this;
    }

    public Builder firstByteTimeout(Duration d) {
      this.firstByteTimeout = d;
      return this;
    }

    public Builder idleTimeout(Duration d) {
      this.idleTimeout = d;
      return this;
    }

    public Builder maxConcurrentRequests(int n) {
      this.maxConcurrentRequests = n;
      return this;
    }

    public Builder maxQueuedRequests(int n) {
      this.maxQueuedRequests = n;
      return this;
    }

    public Builder queueWait(Duration d) {
      this.queueWait = d;
      return this;
    }

    /** A duration like {@code "10m"}, or {@code null} to leave the server's setting alone. */
    public Builder keepAlive(String keepAlive) {
      this.keepAlive = keepAlive;
      return this;
    }

    public Builder retry(RetryPolicy retry) {
      this.retry = retry;
      return this;
    }

    public Builder breaker(BreakerPolicy breaker) {
      this.breaker = breaker;
      return this;
    }

    public Builder healthCheckInterval(Duration d) {
      this.healthCheckInterval = d;
      return this;
    }

    public Builder meters(MeterRegistry meters) {
      this.meters = meters;
      return this;
    }

    public OllamaClientConfig build() {
      return new OllamaClientConfig(hosts, connectTimeout, firstByteTimeout, idleTimeout,
          maxConcurrentRequests, maxQueuedRequests, queueWait, keepAlive, retry, breaker,
          healthCheckInterval, meters == null ? new SimpleMeterRegistry() : meters);
    }
  }

  private static void requirePositive(Duration d, String key) {
    require(d != null && d.isPositive(), key, d);
  }

  private static void require(boolean ok, String key, Object value) {
    if (!ok) {
      throw new IllegalArgumentException("Invalid Ollama client setting " + key + ": " + value);
    }
  }
}
