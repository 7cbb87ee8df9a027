package dev.talon.ai.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.talon.ai.ollama.api.ChatMessage;
import dev.talon.ai.ollama.api.ChatRequest;
import dev.talon.ai.ollama.api.ChatResponse;
import dev.talon.ai.ollama.api.GenerateRequest;
import dev.talon.ai.ollama.api.GenerateResponse;
import dev.talon.ai.ollama.api.Think;
import dev.talon.ai.ollama.api.Tool;
import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.ai.ollama.fake.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChatStreamingTest {
  private static final String MODEL = "llama3.1:8b";
  private final FakeOllama ollama = FakeOllama.start().withModel(MODEL);
  private final OllamaClient client = TestClients.client(ollama.uri());

  @AfterEach
  void stop() {
    client.close();
    ollama.close();
  }

  private static ChatRequest hello() {
    return ChatRequest.of(MODEL, List.of(ChatMessage.user("Why is the sky blue?")));
  }

  @Test
  void chunks_arrive_in_order_and_the_result_carries_the_text_and_final_stats() {
    ollama.enqueue("/api/chat", Reply.chat("The", " sky", " is", " blue."));
    List<String> seen = new ArrayList<>();
    ChatResponse whole;
    try (OllamaStream<ChatResponse> stream = client.streamChat(Feature.CHAT, hello())) {
      whole = stream.collect(chunk -> seen.add(chunk.text()));
    }
    assertEquals(List.of("The", " sky", " is", " blue.", ""), seen);
    assertEquals("The sky is blue.", whole.text());
    assertEquals("stop", whole.doneReason());
    assertEquals(26, whole.promptEvalCount());
    assertEquals(4, whole.evalCount());
    assertEquals(4535599000L, whole.evalDuration());
    assertEquals(4883583458L, whole.totalDuration());
  }

  @Test
  void lines_split_inside_json_and_inside_multibyte_characters_are_reassembled() {
    String[] tokens = {"Grüße", " 🌍", " — ", "日本語", " ok"};
    for (int[] sizes : new int[][] {{1}, {2, 3}, {5, 1, 7}, {13}}) {
      ollama.enqueue("/api/chat", Reply.chat(tokens).withChunkSizes(sizes));
      ChatResponse whole = client.chat(Feature.CHAT, hello());
      assertEquals("Grüße 🌍 — 日本語 ok", whole.text(), "chunk sizes " + sizes[0]);
    }
  }

  @Test
  void thousands_of_chunks_stream_through() {
    ollama.enqueue("/api/chat", Reply.chatTokens(5000).withChunkSizes(4096));
    int[] count = {0};
    ChatResponse whole;
    try (OllamaStream<ChatResponse> stream = client.streamChat(Feature.CHAT, hello())) {
      whole = stream.collect(chunk -> count[0]++);
    }
    assertEquals(5001, count[0]);
    assertTrue(whole.text().startsWith("t0 t1 t2 "));
    assertTrue(whole.text().endsWith("t4999 "));
  }

  @Test
  void the_iterator_yields_chunks_and_then_the_result() {
    ollama.enqueue("/api/chat", Reply.chat("a", "b"));
    try (OllamaStream<ChatResponse> stream = client.streamChat(Feature.CHAT, hello())) {
      assertEquals("a", stream.next().text());
      assertEquals("b", stream.next().text());
      assertTrue(stream.next().done());
      assertFalse(stream.hasNext());
      assertEquals("ab", stream.result().text());
    }
  }

  @Test
  void the_request_is_streamed_and_keep_alive_is_left_to_the_server() {
    client.chat(Feature.CHAT, hello().withOptions(Map.of("temperature", 0.2)));
    JsonNode sent = ollama.requests("/api/chat").get(0);
    assertTrue(sent.get("stream").asBoolean());
    assertFalse(sent.has("keep_alive"));
    assertFalse(sent.has("tools"));
    assertEquals(0.2, sent.at("/options/temperature").asDouble());
    assertEquals("user", sent.at("/messages/0/role").asText());
    assertEquals("Why is the sky blue?", sent.at("/messages/0/content").asText());
  }

  @Test
  void a_configured_keep_alive_is_sent_and_a_request_can_override_it() {
    try (OllamaClient withKeepAlive = OllamaClient.create(
        TestClients.config(ollama.uri()).keepAlive("30m").build())) {
      withKeepAlive.chat(Feature.CHAT, hello());
      withKeepAlive.chat(Feature.CHAT, hello().withKeepAlive("-1"));
    }
    assertEquals("30m", ollama.requests("/api/chat").get(0).get("keep_alive").asText());
    assertEquals("-1", ollama.requests("/api/chat").get(1).get("keep_alive").asText());
  }

  @Test
  void tools_format_think_and_images_go_out_as_ollama_expects() throws Exception {
    JsonNode schema = Wire.parse("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}");
    ChatRequest request = ChatRequest.of(MODEL, List.of(ChatMessage.user("look", List.of("aGk="))))
        .withTools(List.of(Tool.function("get_weather", "Weather in a city", schema)))
        .withFormat(TextNode.valueOf("json"))
        .withThink(Think.HIGH);
    client.chat(Feature.CHAT, request);
    client.chat(Feature.CHAT, request.withFormat(schema).withThink(Think.ON));
    JsonNode first = ollama.requests("/api/chat").get(0);
    assertEquals("function", first.at("/tools/0/type").asText());
    assertEquals("get_weather", first.at("/tools/0/function/name").asText());
    assertEquals("string", first.at("/tools/0/function/parameters/properties/city/type").asText());
    assertEquals("json", first.get("format").asText());
    assertEquals("high", first.get("think").asText());
    assertEquals("aGk=", first.at("/messages/0/images/0").asText());
    JsonNode second = ollama.requests("/api/chat").get(1);
    assertEquals(schema, second.get("format"));
    assertTrue(second.get("think").isBoolean());
  }

  @Test
  void tool_calls_come_back_with_object_arguments() {
    ollama.enqueue("/api/chat", Reply.toolCall("get_weather", "{\"city\":\"Tokyo\",\"days\":3}"));
    ChatResponse whole = client.chat(Feature.CHAT, hello());
    var call = whole.message().toolCalls().get(0);
    assertEquals("get_weather", call.function().name());
    assertEquals("Tokyo", call.function().arguments().get("city").asText());
    assertEquals(3, call.function().arguments().get("days").asInt());
  }

  @Test
  void thinking_is_kept_apart_from_the_answer() {
    ollama.enqueue("/api/chat", Reply.chatThinking(List.of("Hmm, ", "Rayleigh."), List.of("Blue.")));
    ChatResponse whole = client.chat(Feature.CHAT, hello().withThink(Think.ON));
    assertEquals("Hmm, Rayleigh.", whole.message().thinking());
    assertEquals("Blue.", whole.text());
  }

  @Test
  void unknown_fields_in_responses_are_ignored() {
    ollama.enqueue("/api/chat", Reply.ndjson(
        "{\"model\":\"m\",\"created_at\":\"x\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi\","
            + "\"future\":[1]},\"logprobs\":[{\"t\":1}],\"done\":false}",
        "{\"model\":\"m\",\"created_at\":\"x\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
            + "\"done\":true,\"done_reason\":\"stop\",\"remote_host\":\"h\"}"));
    ChatResponse whole = client.chat(Feature.CHAT, hello());
    assertEquals("Hi", whole.text());
    assertNull(whole.evalCount()); // metrics may be absent
    assertEquals(0.0, whole.tokensPerSecond());
  }

  @Test
  void a_mid_stream_error_line_fails_with_the_text_received_so_far() {
    ollama.enqueue("/api/chat", Reply.chat("The", " sky").failingMidStream(
        "an error was encountered while running the model"));
    List<String> seen = new ArrayList<>();
    try (OllamaStream<ChatResponse> stream = client.streamChat(Feature.CHAT, hello())) {
      var failure = assertThrows(OllamaException.ModelFailed.class,
          () -> stream.collect(chunk -> seen.add(chunk.text())));
      assertEquals("The sky", failure.partialText());
      assertEquals("an error was encountered while running the model", failure.serverMessage());
      assertTrue(failure.getMessage().contains(MODEL));
    }
    assertEquals(List.of("The", " sky"), seen);
  }

  @Test
  void a_stream_that_ends_without_done_is_a_failure_not_a_short_answer() {
    ollama.enqueue("/api/chat", Reply.chat("The", " sky").withoutDone());
    var failure = assertThrows(OllamaException.ModelFailed.class,
        () -> client.chat(Feature.CHAT, hello()));
    assertEquals("The sky", failure.partialText());
  }

  @Test
  void a_connection_dropped_mid_stream_fails_with_the_partial_text_and_is_not_retried() {
    ollama.enqueue("/api/chat", Reply.chat("The", " sky", " is").disconnectingAfter(2));
    var failure = assertThrows(OllamaException.ModelFailed.class,
        () -> client.chat(Feature.CHAT, hello()));
    assertEquals("The sky", failure.partialText());
    assertTrue(failure.getMessage().contains("mid-answer"), failure.getMessage());
    assertEquals(1, ollama.requestCount("/api/chat"));
  }

  @Test
  void cancelling_a_stream_closes_the_connection_at_once() throws Exception {
    ollama.enqueue("/api/chat", Reply.chatTokens(500).withChunkDelay(Duration.ofMillis(10)));
    OllamaStream<ChatResponse> stream = client.streamChat(Feature.CHAT, hello());
    for (int i = 0; i < 3; i++) {
      stream.next();
    }
    stream.cancel();
    assertTrue(ollama.awaitClientGone(Duration.ofSeconds(3)), "server saw the socket close");
    assertTrue(ollama.linesWritten() < 100, "generation stopped: " + ollama.linesWritten());
    var failure = assertThrows(OllamaException.Cancelled.class, stream::hasNext);
    assertTrue(failure.partialText().startsWith("t0 t1 t2"), failure.partialText());
    stream.close();
  }

  @Test
  void a_cancelled_stream_gives_no_more_chunks_even_from_lines_already_buffered() {
    // The whole answer in one HTTP chunk: after the first line the rest sits in the read buffer.
    ollama.enqueue("/api/chat", Reply.chat("a", "b", "c", "d").withChunkSizes(100_000));
    OllamaStream<ChatResponse> stream = client.streamChat(Feature.CHAT, hello());
    assertEquals("a", stream.next().message().content());
    stream.cancel();
    var failure = assertThrows(OllamaException.Cancelled.class, stream::hasNext);
    assertEquals("a", failure.partialText());
    assertThrows(OllamaException.Cancelled.class, stream::hasNext, "and on every later call");
    stream.close();
  }

  @Test
  void cancelling_from_another_thread_unblocks_the_reader() throws Exception {
    ollama.enqueue("/api/chat", Reply.chat("a").stallingAfter(1));
    OllamaStream<ChatResponse> stream = client.streamChat(Feature.CHAT, hello());
    stream.next();
    Thread stopper = Thread.ofVirtual().start(() -> {
      sleep(100);
      stream.cancel();
    });
    long start = System.nanoTime();
    assertThrows(OllamaException.Cancelled.class, stream::hasNext);
    assertTrue(System.nanoTime() - start < Duration.ofMillis(900).toNanos(), "before idle timeout");
    stopper.join();
    stream.close();
  }

  @Test
  void closing_an_unfinished_iterator_closes_the_connection() throws Exception {
    ollama.enqueue("/api/chat", Reply.chatTokens(500).withChunkDelay(Duration.ofMillis(10)));
    try (OllamaStream<ChatResponse> stream = client.streamChat(Feature.CHAT, hello())) {
      stream.next();
    }
    assertTrue(ollama.awaitClientGone(Duration.ofSeconds(3)));
  }

  @Test
  void a_stream_cancelled_before_it_was_read_sends_nothing() {
    OllamaStream<ChatResponse> stream = client.streamChat(Feature.CHAT, hello());
    stream.cancel();
    assertThrows(OllamaException.Cancelled.class, stream::hasNext);
    assertEquals(0, ollama.requestCount("/api/chat"));
  }

  @Test
  void generate_streams_response_chunks_and_keeps_the_context() {
    ollama.enqueue("/api/generate", Reply.generate("Once", " upon").withChunkSizes(7));
    List<String> seen = new ArrayList<>();
    GenerateResponse whole;
    try (OllamaStream<GenerateResponse> stream =
             client.streamGenerate(Feature.ANALYSIS, GenerateRequest.of(MODEL, "Tell a story"))) {
      whole = stream.collect(chunk -> seen.add(chunk.text()));
    }
    assertEquals(List.of("Once", " upon", ""), seen);
    assertEquals("Once upon", whole.text());
    assertEquals(List.of(1L, 2L, 3L), whole.context());
    assertEquals("Tell a story", ollama.requests("/api/generate").get(0).get("prompt").asText());
  }

  @Test
  void generate_without_streaming_returns_the_whole_answer() {
    GenerateResponse whole = client.generate(Feature.HELP,
        GenerateRequest.of(MODEL, "hi").withSystem("Be brief"));
    assertEquals("Hello!", whole.text());
    assertEquals("Be brief", ollama.requests("/api/generate").get(0).get("system").asText());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Small JSON helper for tests. */
  static final class Wire {
    static JsonNode parse(String json) throws Exception {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    }
  }
}
