package dev.talon.ai.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every host with {@code GET /api/tags} on one daemon thread it owns: the answer tells both
 * that the host is up and which models it has, for routing. A probe is the breaker's trial when a
 * host's cool-down is over, so a recovered host comes back without waiting for user traffic.
 * Started by the client, stopped by {@link #close()}.
 */
final class HealthMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

  private final OkHttpClient http;
  private final HostPool pool;
  private final JsonCodec codec;
  private final ScheduledExecutorService scheduler;

  HealthMonitor(OkHttpClient http, HostPool pool, JsonCodec codec) {
    this.http = http;
    this.pool = pool;
    this.codec = codec;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "ollama-health");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Probes all hosts now, then every {@code interval}; a zero interval probes only on demand. */
  void start(Duration interval) {
    if (!interval.isZero()) {
      scheduler.scheduleWithFixedDelay(this::probeAll, 0, interval.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  /** Probes one host soon, e.g. after a pull or delete changed its models. */
  void refreshSoon(HostState host) {
    if (!scheduler.isShutdown()) {
      scheduler.execute(() -> probe(host));
    }
  }

  private void probeAll() {
    for (HostState host : pool.all()) {
      probe(host);
    }
  }

  void probe(HostState host) {
    CircuitBreaker breaker = host.breaker();
    if (!breaker.tryAcquire()) {
      return; // cooling down, or a request is the trial right now
    }
    CircuitBreaker.State before = breaker.state();
    Request request = new Request.Builder().url(host.uri() + "/api/tags").get().build();
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("HTTP " + response.code());
      }
      JsonNode models = codec.tree(response.body().bytes()).path("models");
      Set<String> names = new HashSet<>();
      for (JsonNode model : models) {
        names.add(ModelNames.normalize(model.path("name").asText(model.path("model").asText())));
      }
      host.probed(names);
      breaker.onSuccess();
      if (before != CircuitBreaker.State.CLOSED) {
        log.info("Ollama host {} is reachable again ({} models)", host.uri(), names.size());
      }
    } catch (IOException | RuntimeException e) {
      host.probeFailed(e.toString());
      breaker.onFailure();
      if (breaker.state() != before) {
        log.warn("Ollama host {} failed its health probe and is paused: {}", host.uri(),
            e.toString());
      }
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
