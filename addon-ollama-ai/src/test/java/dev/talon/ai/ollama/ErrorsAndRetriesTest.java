package dev.talon.ai.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.ollama.api.ChatMessage;
import dev.talon.ai.ollama.api.ChatRequest;
import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.ai.ollama.fake.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ErrorsAndRetriesTest {
  private static final String MODEL = "llama3.1:8b";
  private final FakeOllama ollama = FakeOllama.start().withModel(MODEL);
  private final OllamaClient client = TestClients.client(ollama.uri());

  @AfterEach
  void stop() {
    client.close();
    ollama.close();
  }

  private static ChatRequest chat(String model) {
    return ChatRequest.of(model, List.of(ChatMessage.user("hi")));
  }

  @Test
  void a_400_is_a_bad_request_with_ollamas_message_and_is_not_retried() {
    ollama.enqueue("/api/chat", Reply.error(400, "\"gemma:2b\" does not support tools"));
    var failure = assertThrows(OllamaException.BadRequest.class,
        () -> client.chat(Feature.CHAT, chat(MODEL)));
    assertEquals("\"gemma:2b\" does not support tools", failure.serverMessage());
    assertEquals(400, failure.status());
    assertTrue(failure.getMessage().contains("does not support tools"));
    assertEquals(1, ollama.requestCount("/api/chat"));
  }

  @Test
  void a_404_names_the_model_and_suggests_pulling_it() {
    var failure = assertThrows(OllamaException.ModelNotFound.class,
        () -> client.chat(Feature.CHAT, chat("mistral")));
    assertEquals("mistral", failure.model());
    assertTrue(failure.getMessage().contains("ollama pull mistral"), failure.getMessage());
    assertEquals(1, ollama.requestCount("/api/chat"));
  }

  @Test
  void a_500_before_streaming_is_a_model_failure_and_is_not_retried() {
    ollama.enqueue("/api/chat", Reply.error(500, "timed out waiting for llama runner to start"));
    var failure = assertThrows(OllamaException.ModelFailed.class,
        () -> client.chat(Feature.CHAT, chat(MODEL)));
    assertEquals("timed out waiting for llama runner to start", failure.serverMessage());
    assertEquals(1, ollama.requestCount("/api/chat"));
  }

  @Test
  void a_503_is_retried_and_the_retry_succeeds() {
    ollama.enqueue("/api/chat", Reply.busy());
    ollama.enqueue("/api/chat", Reply.chat("fine"));
    assertEquals("fine", client.chat(Feature.CHAT, chat(MODEL)).text());
    assertEquals(2, ollama.requestCount("/api/chat"));
  }

  @Test
  void a_503_on_every_attempt_becomes_overloaded_with_a_retry_hint() {
    for (int i = 0; i < 3; i++) {
      ollama.enqueue("/api/chat", Reply.busy());
    }
    var failure = assertThrows(OllamaException.Overloaded.class,
        () -> client.chat(Feature.CHAT, chat(MODEL)));
    assertTrue(failure.getMessage().contains("maximum pending requests exceeded"));
    assertTrue(failure.retryAfterSeconds() >= 1);
    assertEquals(3, ollama.requestCount("/api/chat"));
  }

  @Test
  void a_failure_after_the_first_byte_is_not_retried() {
    ollama.enqueue("/api/chat", Reply.chat("a", "b").failingMidStream("boom"));
    ollama.enqueue("/api/chat", Reply.chat("should not be asked"));
    assertThrows(OllamaException.ModelFailed.class, () -> client.chat(Feature.CHAT, chat(MODEL)));
    assertEquals(1, ollama.requestCount("/api/chat"));
  }

  @Test
  void a_refused_connection_is_retried_then_reported_as_unavailable() {
    java.net.URI dead = TestClients.deadHost();
    try (OllamaClient toDead = TestClients.client(dead)) {
      long start = System.nanoTime();
      var failure = assertThrows(OllamaException.OllamaUnavailable.class,
          () -> toDead.chat(Feature.CHAT, chat(MODEL)));
      assertEquals(dead, failure.host());
      assertTrue(failure.getMessage().contains("ollama serve"), failure.getMessage());
      // three attempts with two backoffs of 10 ms and 20 ms (jitter only shortens them)
      assertTrue(System.nanoTime() - start >= Duration.ofMillis(15).toNanos());
    }
  }

  @Test
  void a_first_byte_slower_than_the_model_load_timeout_fails_and_is_not_retried() {
    ollama.enqueue("/api/chat", Reply.chat("late").withFirstByteDelay(Duration.ofMillis(2600)));
    var failure = assertThrows(OllamaException.Timeout.class,
        () -> client.chat(Feature.CHAT, chat(MODEL)));
    assertEquals(OllamaException.Timeout.Phase.FIRST_BYTE, failure.phase());
    assertTrue(failure.getMessage().contains("OLLAMA_TIMEOUT"), failure.getMessage());
    assertEquals(1, ollama.requestCount("/api/chat"));
  }

  @Test
  void a_slow_first_byte_within_the_timeout_is_waited_for_even_beyond_the_idle_timeout() {
    // idle timeout is 1 s, first byte 2 s: a 1.5 s model load must still succeed
    ollama.enqueue("/api/chat", Reply.chat("loaded").withFirstByteDelay(Duration.ofMillis(1500)));
    assertEquals("loaded", client.chat(Feature.CHAT, chat(MODEL)).text());
  }

  @Test
  void a_stalled_stream_fails_with_an_idle_timeout_and_the_text_so_far() {
    ollama.enqueue("/api/chat", Reply.chat("The", " sky", " is").stallingAfter(2));
    long start = System.nanoTime();
    var failure = assertThrows(OllamaException.Timeout.class,
        () -> client.chat(Feature.CHAT, chat(MODEL)));
    long took = System.nanoTime() - start;
    assertEquals(OllamaException.Timeout.Phase.IDLE, failure.phase());
    assertEquals("The sky", failure.partialText());
    assertTrue(took < Duration.ofMillis(1900).toNanos(), "idle (1 s), not first-byte (2 s)");
  }

  @Test
  void pauses_between_chunks_shorter_than_the_idle_timeout_are_fine() {
    ollama.enqueue("/api/chat", Reply.chat("a", "b", "c").withChunkDelay(Duration.ofMillis(300)));
    assertEquals("abc", client.chat(Feature.CHAT, chat(MODEL)).text());
  }
}
