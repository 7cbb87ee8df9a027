package dev.talon.ai.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.ollama.api.ChatMessage;
import dev.talon.ai.ollama.api.ChatRequest;
import dev.talon.ai.ollama.api.ChatResponse;
import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.ai.ollama.fake.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HostRoutingTest {
  private final FakeOllama first = FakeOllama.start().withModel("llama3.1:8b");
  private final FakeOllama second = FakeOllama.start().withModel("llama3.1:8b")
      .withModel("qwen3:4b");
  private FakeOllama revived;

  @AfterEach
  void stop() {
    first.close();
    second.close();
    if (revived != null) {
      revived.close();
    }
  }

  private static ChatRequest chat(String model) {
    return ChatRequest.of(model, List.of(ChatMessage.user("hi")));
  }

  private static HostStatus status(OllamaClient client, URI host) {
    return client.hosts().stream().filter(h -> h.uri().equals(host)).findFirst().orElseThrow();
  }

  @Test
  void a_host_that_refuses_connections_fails_over_to_the_next_before_any_byte() {
    URI dead = TestClients.deadHost();
    try (OllamaClient client = TestClients.client(dead, second.uri())) {
      assertEquals("Hello!", client.chat(Feature.CHAT, chat("llama3.1:8b")).text());
      assertEquals(1, second.requestCount("/api/chat"));
    }
  }

  @Test
  void requests_go_to_the_host_that_has_the_model() {
    try (OllamaClient client = OllamaClient.create(TestClients.config(first.uri(), second.uri())
        .healthCheckInterval(Duration.ofHours(1)).build())) {
      await(() -> client.hosts().stream().allMatch(h -> h.lastProbe() != null));
      assertEquals(java.util.Set.of("llama3.1:8b"), status(client, first.uri()).models());
      client.chat(Feature.CHAT, chat("qwen3:4b")); // only the second host has it
      client.chat(Feature.CHAT, chat("qwen3:4b"));
      assertEquals(0, first.requestCount("/api/chat"));
      assertEquals(2, second.requestCount("/api/chat"));

      // a model no host has: some host answers Ollama's 404
      var missing = assertThrows(OllamaException.ModelNotFound.class,
          () -> client.chat(Feature.CHAT, chat("qwen3")));
      assertEquals("qwen3", missing.model());
    }
  }

  @Test
  void the_least_busy_host_gets_the_next_request() {
    first.enqueue("/api/chat", Reply.chat("slow").stallingAfter(1));
    try (OllamaClient client = TestClients.client(first.uri(), second.uri())) {
      try (OllamaStream<ChatResponse> busy = client.streamChat(Feature.CHAT, chat("llama3.1:8b"))) {
        busy.next(); // open on the first host, and still streaming
        assertEquals(1, status(client, first.uri()).inFlight());
        client.chat(Feature.CHAT, chat("llama3.1:8b"));
        client.chat(Feature.CHAT, chat("llama3.1:8b"));
      }
      assertEquals(1, first.requestCount("/api/chat"));
      assertEquals(2, second.requestCount("/api/chat"));
      assertEquals(0, status(client, first.uri()).inFlight());
    }
  }

  @Test
  void the_breaker_opens_after_repeated_failures_and_closes_once_the_host_answers_again()
      throws Exception {
    URI host = TestClients.deadHost();
    try (OllamaClient client = OllamaClient.create(TestClients.config(host)
        .retry(OllamaClientConfig.RetryPolicy.none())
        .breaker(new OllamaClientConfig.BreakerPolicy(3, Duration.ofMillis(300))).build())) {
      for (int i = 0; i < 3; i++) {
        assertEquals(HostStatus.State.CLOSED, status(client, host).state());
        assertThrows(OllamaException.OllamaUnavailable.class,
            () -> client.chat(Feature.CHAT, chat("llama3.1:8b")));
      }
      assertEquals(HostStatus.State.OPEN, status(client, host).state());
      var paused = assertThrows(OllamaException.OllamaUnavailable.class,
          () -> client.chat(Feature.CHAT, chat("llama3.1:8b")));
      assertTrue(paused.getMessage().contains("circuit open"), paused.getMessage());

      revived = FakeOllama.start(host.getPort()).withModel("llama3.1:8b");
      assertEquals(0, revived.requestCount("/api/chat"), "nothing sent while open");
      Thread.sleep(350);
      assertEquals(HostStatus.State.HALF_OPEN, status(client, host).state());
      assertEquals("Hello!", client.chat(Feature.CHAT, chat("llama3.1:8b")).text());
      assertEquals(HostStatus.State.CLOSED, status(client, host).state());
    }
  }

  @Test
  void a_failed_trial_in_half_open_opens_the_breaker_again() throws Exception {
    URI host = TestClients.deadHost();
    try (OllamaClient client = OllamaClient.create(TestClients.config(host)
        .retry(OllamaClientConfig.RetryPolicy.none())
        .breaker(new OllamaClientConfig.BreakerPolicy(1, Duration.ofMillis(200))).build())) {
      assertThrows(OllamaException.OllamaUnavailable.class,
          () -> client.chat(Feature.CHAT, chat("llama3.1:8b")));
      Thread.sleep(250);
      assertEquals(HostStatus.State.HALF_OPEN, status(client, host).state());
      assertThrows(OllamaException.OllamaUnavailable.class,
          () -> client.chat(Feature.CHAT, chat("llama3.1:8b")));
      assertEquals(HostStatus.State.OPEN, status(client, host).state());
    }
  }

  @Test
  void health_probes_open_the_breaker_of_a_dead_host_and_close_it_when_it_returns()
      throws Exception {
    URI host = TestClients.deadHost();
    try (OllamaClient client = OllamaClient.create(TestClients.config(host, second.uri())
        .healthCheckInterval(Duration.ofMillis(30))
        .breaker(new OllamaClientConfig.BreakerPolicy(2, Duration.ofMillis(100))).build())) {
      await(() -> status(client, host).state() != HostStatus.State.CLOSED);
      assertTrue(status(client, host).lastError() != null);
      client.chat(Feature.CHAT, chat("llama3.1:8b"));
      assertEquals(1, second.requestCount("/api/chat"), "the dead host was skipped");

      revived = FakeOllama.start(host.getPort()).withModel("llama3.1:8b");
      await(() -> status(client, host).state() == HostStatus.State.CLOSED);
      assertEquals(java.util.Set.of("llama3.1:8b"), status(client, host).models());
    }
  }

  @Test
  void a_request_pinned_to_a_host_goes_there() {
    try (OllamaClient client = TestClients.client(first.uri(), second.uri())) {
      assertEquals(2, client.tags(Feature.ADMIN, second.uri()).size());
      assertEquals(1, client.tags(Feature.ADMIN, first.uri()).size());
      assertThrows(IllegalArgumentException.class,
          () -> client.tags(Feature.ADMIN, URI.create("http://elsewhere:11434")));
    }
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 5 s");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
