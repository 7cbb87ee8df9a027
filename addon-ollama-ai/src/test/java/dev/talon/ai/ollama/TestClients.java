package dev.talon.ai.ollama;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Client settings for tests: short timeouts and backoffs, no background probes. */
final class TestClients {
  private TestClients() {}

  static OllamaClientConfig.Builder config(URI... hosts) {
    return OllamaClientConfig.builder(List.of(hosts))
        .connectTimeout(Duration.ofSeconds(1))
        .firstByteTimeout(Duration.ofSeconds(2))
        .idleTimeout(Duration.ofSeconds(1))
        .queueWait(Duration.ofMillis(200))
        .retry(new OllamaClientConfig.RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40),
            0.5))
        .breaker(new OllamaClientConfig.BreakerPolicy(3, Duration.ofMillis(300)))
        .healthCheckInterval(Duration.ZERO)
        .meters(new SimpleMeterRegistry());
  }

  static OllamaClient client(URI... hosts) {
    return OllamaClient.create(config(hosts).build());
  }

  /** An address where nothing listens: connections are refused at once. */
  static URI deadHost() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
