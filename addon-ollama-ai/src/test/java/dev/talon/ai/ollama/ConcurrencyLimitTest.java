package dev.talon.ai.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.ollama.api.ChatMessage;
import dev.talon.ai.ollama.api.ChatRequest;
import dev.talon.ai.ollama.api.ChatResponse;
import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.ai.ollama.fake.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitTest {
  private static final String MODEL = "llama3.1:8b";
  private static final ChatRequest HI = ChatRequest.of(MODEL, List.of(ChatMessage.user("hi")));
  private final FakeOllama ollama = FakeOllama.start().withModel(MODEL);
  private final List<OllamaStream<?>> open = new ArrayList<>();

  @AfterEach
  void stop() {
    open.forEach(OllamaStream::cancel);
    ollama.close();
  }

  private OllamaClient client(int limit, int queue, Duration wait) {
    return OllamaClient.create(TestClients.config(ollama.uri()).maxConcurrentRequests(limit)
        .maxQueuedRequests(queue).queueWait(wait).build());
  }

  private OllamaStream<ChatResponse> hold(OllamaClient client) {
    OllamaStream<ChatResponse> stream = client.streamChat(Feature.CHAT, HI);
    open.add(stream);
    return stream;
  }

  @Test
  void past_the_limit_with_no_queue_the_next_call_is_overloaded_at_once() {
    try (OllamaClient client = client(2, 0, Duration.ofSeconds(5))) {
      hold(client);
      hold(client);
      long start = System.nanoTime();
      var failure = assertThrows(OllamaException.Overloaded.class, () -> hold(client));
      assertTrue(System.nanoTime() - start < Duration.ofMillis(500).toNanos(), "at once");
      assertTrue(failure.retryAfterSeconds() >= 1);
      assertTrue(failure.getMessage().contains("2 requests running"), failure.getMessage());
    }
  }

  @Test
  void a_queued_caller_gives_up_after_the_queue_wait() {
    try (OllamaClient client = client(1, 5, Duration.ofMillis(150))) {
      hold(client);
      long start = System.nanoTime();
      assertThrows(OllamaException.Overloaded.class, () -> client.chat(Feature.CHAT, HI));
      assertTrue(System.nanoTime() - start >= Duration.ofMillis(140).toNanos());
    }
  }

  @Test
  void a_queued_caller_runs_as_soon_as_a_slot_frees_up() throws Exception {
    try (OllamaClient client = client(1, 5, Duration.ofSeconds(5))) {
      OllamaStream<ChatResponse> first = hold(client);
      CompletableFuture<String> second = CompletableFuture.supplyAsync(
          () -> client.chat(Feature.CHAT, HI).text());
      Thread.sleep(100);
      assertTrue(!second.isDone(), "waits while the slot is taken");
      first.close();
      assertEquals("Hello!", second.get(3, java.util.concurrent.TimeUnit.SECONDS));
    }
  }

  @Test
  void waiting_callers_are_served_in_arrival_order() throws Exception {
    try (OllamaClient client = client(1, 10, Duration.ofSeconds(5))) {
      OllamaStream<ChatResponse> first = hold(client);
      List<Integer> order = new CopyOnWriteArrayList<>();
      List<Thread> waiters = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        int id = i;
        waiters.add(Thread.ofVirtual().start(() -> {
          try (OllamaStream<ChatResponse> s = client.streamChat(Feature.CHAT, HI)) {
            order.add(id);
            s.result();
          }
        }));
        Thread.sleep(30); // arrive one after the other
      }
      first.close();
      for (Thread waiter : waiters) {
        waiter.join(5000);
      }
      assertEquals(List.of(0, 1, 2, 3, 4), order);
    }
  }

  @Test
  void finished_failed_and_cancelled_streams_all_give_their_slot_back() {
    try (OllamaClient client = client(1, 0, Duration.ofMillis(100))) {
      client.chat(Feature.CHAT, HI);
      ollama.enqueue("/api/chat", Reply.error(400, "bad"));
      assertThrows(OllamaException.BadRequest.class, () -> client.chat(Feature.CHAT, HI));
      ollama.enqueue("/api/chat", Reply.chat("a").failingMidStream("boom"));
      assertThrows(OllamaException.ModelFailed.class, () -> client.chat(Feature.CHAT, HI));
      client.streamChat(Feature.CHAT, HI).cancel();
      assertEquals("Hello!", client.chat(Feature.CHAT, HI).text());
    }
  }

  @Test
  void model_management_does_not_take_a_request_slot() {
    try (OllamaClient client = client(1, 0, Duration.ofMillis(100))) {
      hold(client);
      assertEquals("0.12.6", client.version(Feature.ADMIN));
      assertEquals(1, client.tags(Feature.ADMIN).size());
    }
  }
}
