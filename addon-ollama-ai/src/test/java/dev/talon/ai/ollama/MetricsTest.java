package dev.talon.ai.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.talon.ai.ollama.api.ChatMessage;
import dev.talon.ai.ollama.api.ChatRequest;
import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.ai.ollama.fake.Reply;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private final FakeOllama ollama = FakeOllama.start().withModel("llama3.1:8b");
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final OllamaClient client = OllamaClient.create(TestClients.config(ollama.uri())
      .meters(meters).healthCheckInterval(Duration.ofHours(1)).build());

  @AfterEach
  void stop() {
    client.close();
    ollama.close();
  }

  private static ChatRequest chat(String model) {
    return ChatRequest.of(model, List.of(ChatMessage.user("hi")));
  }

  @Test
  void requests_tokens_first_token_time_and_errors_are_counted_per_feature_and_model()
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (client.hosts().get(0).lastProbe() == null && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    ollama.enqueue("/api/chat", Reply.chat("a", "b", "c"));
    client.chat(Feature.CHAT, chat("llama3.1:8b"));
    assertThrows(OllamaException.ModelNotFound.class,
        () -> client.chat(Feature.CONSOLE, chat("random-name-42")));

    assertEquals(1.0, meters.get("ollama.client.requests").tags("feature", "chat",
        "model", "llama3.1:8b", "operation", "chat", "outcome", "ok").counter().count());
    assertEquals(26.0, meters.get("ollama.client.tokens").tags("model", "llama3.1:8b",
        "direction", "in").counter().count());
    assertEquals(3.0, meters.get("ollama.client.tokens").tags("model", "llama3.1:8b",
        "direction", "out").counter().count());
    assertEquals(1, meters.get("ollama.client.time_to_first_token").tags("feature", "chat")
        .timer().count());
    assertEquals(1.0, meters.get("ollama.client.errors").tags("feature", "console",
        "model", "other", "type", "model_not_found").counter().count(),
        "an unknown model name is not a new label value");
    assertEquals(2, meters.get("ollama.client.duration").timers().size());
  }
}
