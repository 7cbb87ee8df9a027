package dev.talon.ai.ollama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.ollama.api.CreateRequest;
import dev.talon.ai.ollama.api.EmbedRequest;
import dev.talon.ai.ollama.api.EmbedResponse;
import dev.talon.ai.ollama.api.ModelInfo;
import dev.talon.ai.ollama.api.ModelSummary;
import dev.talon.ai.ollama.api.PullProgress;
import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.ai.ollama.fake.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelManagementTest {
  private final FakeOllama ollama = FakeOllama.start()
      .withModel("llama3.1:8b", "llama", List.of("completion", "tools", "vision"), 131072)
      .withModel("nomic-embed-text", "nomic-bert", List.of("embedding"), 8192)
      .withLoaded("llama3.1:8b");
  private final OllamaClient client = TestClients.client(ollama.uri());

  @AfterEach
  void stop() {
    client.close();
    ollama.close();
  }

  @Test
  void tags_lists_installed_models_with_their_details() {
    List<ModelSummary> models = client.tags(Feature.ADMIN);
    ModelSummary llama = models.stream().filter(m -> m.name().equals("llama3.1:8b")).findFirst()
        .orElseThrow();
    assertEquals(2, models.size());
    assertEquals(4920753328L, llama.size());
    assertEquals("Q4_K_M", llama.details().quantizationLevel());
    assertEquals("8.0B", llama.details().parameterSize());
  }

  @Test
  void ps_lists_loaded_models_with_expiry_vram_and_context() {
    ModelSummary loaded = client.ps(Feature.ADMIN).get(0);
    assertEquals("llama3.1:8b", loaded.name());
    assertEquals(5137025024L, loaded.sizeVram());
    assertEquals(4096, loaded.contextLength());
    assertEquals("2025-10-26T18:00:00Z", loaded.expiresAt());
  }

  @Test
  void show_reports_capabilities_and_context_length() {
    ModelInfo info = client.show(Feature.ADMIN, "llama3.1:8b");
    assertTrue(info.supports("tools"));
    assertTrue(info.supports("vision"));
    assertFalse(info.supports("embedding"));
    assertEquals(131072, info.contextLength());
    assertEquals("llama", info.details().family());
  }

  @Test
  void show_of_a_missing_model_is_model_not_found() {
    var failure = assertThrows(OllamaException.ModelNotFound.class,
        () -> client.show(Feature.ADMIN, "nope"));
    assertEquals("nope", failure.model());
  }

  @Test
  void version_is_read() {
    assertEquals("0.12.6", client.version(Feature.ADMIN));
  }

  @Test
  void embed_sends_a_batch_and_returns_one_vector_per_input() {
    EmbedResponse response = client.embed(Feature.ANALYSIS,
        EmbedRequest.of("nomic-embed-text", List.of("a", "b", "c")));
    assertEquals(3, response.embeddings().size());
    assertArrayEquals(new float[] {0.010071029f, -0.0017594862f, 0.05007221f, 0.04692972f},
        response.embeddings().get(0));
    assertEquals(8, response.promptEvalCount());
    assertEquals(List.of("a", "b", "c"), textList(ollama.requests("/api/embed").get(0).get("input")));
  }

  private static List<String> textList(com.fasterxml.jackson.databind.JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(node -> out.add(node.asText()));
    return out;
  }

  @Test
  void pull_reports_progress_and_ends_with_success() {
    ollama.enqueue("/api/pull", Reply.pullProgress(1000).withChunkSizes(100, 37));
    List<PullProgress> seen = new ArrayList<>();
    PullProgress last;
    try (OllamaStream<PullProgress> pull = client.pull(Feature.ADMIN, "qwen3:4b")) {
      last = pull.collect(seen::add);
    }
    assertTrue(last.isSuccess());
    assertEquals("pulling manifest", seen.get(0).status());
    assertEquals(-1.0, seen.get(0).fraction());
    assertEquals(0.0, seen.get(1).fraction()); // "completed" missing early on
    assertEquals(1.0, seen.get(1001).fraction());
    assertEquals(1005, seen.size());
    assertEquals("qwen3:4b", ollama.requests("/api/pull").get(0).get("model").asText());
  }

  @Test
  void a_pull_with_an_error_line_in_a_200_stream_fails() {
    ollama.enqueue("/api/pull", Reply.pullError("pull model manifest: file does not exist"));
    try (OllamaStream<PullProgress> pull = client.pull(Feature.ADMIN, "no-such-model")) {
      var failure = assertThrows(OllamaException.ModelFailed.class, () -> pull.collect(p -> { }));
      assertEquals("pull model manifest: file does not exist", failure.serverMessage());
    }
  }

  @Test
  void a_pull_stream_that_ends_before_success_fails() {
    ollama.enqueue("/api/pull", Reply.pullProgress(3).withoutDone());
    try (OllamaStream<PullProgress> pull = client.pull(Feature.ADMIN, "qwen3:4b")) {
      assertThrows(OllamaException.ModelFailed.class, pull::result);
    }
  }

  @Test
  void create_copy_and_delete_change_the_installed_models() {
    try (OllamaStream<PullProgress> create = client.create(Feature.ADMIN,
        CreateRequest.from("helper", "llama3.1:8b", "You help admins.", Map.of("num_ctx", 8192)))) {
      assertTrue(create.result().isSuccess());
    }
    var sent = ollama.requests("/api/create").get(0);
    assertEquals("llama3.1:8b", sent.get("from").asText());
    assertEquals(8192, sent.at("/parameters/num_ctx").asInt());
    assertTrue(ollama.isInstalled("helper"));

    client.copy(Feature.ADMIN, "helper", "helper-copy");
    assertTrue(ollama.isInstalled("helper-copy"));
    assertEquals("helper-copy", ollama.requests("/api/copy").get(0).get("destination").asText());

    client.delete(Feature.ADMIN, "helper");
    assertFalse(ollama.isInstalled("helper"));
    assertThrows(OllamaException.ModelNotFound.class, () -> client.delete(Feature.ADMIN, "helper"));
    assertThrows(OllamaException.ModelNotFound.class,
        () -> client.copy(Feature.ADMIN, "helper", "x"));
  }
}
