package dev.talon.ai.ollama.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * One scripted answer of {@link FakeOllama}, immutable. Stream replies follow the request's
 * {@code stream} flag as Ollama does: NDJSON chunks by default, one JSON object for
 * {@code "stream": false}. The {@code with…} methods shape how the bytes reach the client.
 */
public final class Reply {
  final int status;
  final String fixedBody; // non-null for plain JSON / text replies
  final String contentType;
  final Function<JsonNode, List<ObjectNode>> lines; // stream replies
  final Function<JsonNode, ObjectNode> whole; // stream replies when stream:false; may be null
  final int[] chunkSizes;
  final Duration chunkDelay;
  final Duration firstByteDelay;
  final int stallAfterLines;
  final int disconnectAfterLines;
  final String midStreamError;
  final boolean dropLast;

  private Reply(int status, String fixedBody, String contentType,
                Function<JsonNode, List<ObjectNode>> lines, Function<JsonNode, ObjectNode> whole,
                int[] chunkSizes, Duration chunkDelay, Duration firstByteDelay,
                int stallAfterLines, int disconnectAfterLines, String midStreamError,
                boolean dropLast) {
    this.status = status;
    this.fixedBody = fixedBody;
    this.contentType = contentType;
    this.lines = lines;
    this.whole = whole;
    this.chunkSizes = chunkSizes;
    this.chunkDelay = chunkDelay;
    this.firstByteDelay = firstByteDelay;
    this.stallAfterLines = stallAfterLines;
    this.disconnectAfterLines = disconnectAfterLines;
    this.midStreamError = midStreamError;
    this.dropLast = dropLast;
  }

  private static Reply stream(Function<JsonNode, List<ObjectNode>> lines,
                              Function<JsonNode, ObjectNode> whole) {
    return new Reply(200, null, "application/x-ndjson", lines, whole, null, Duration.ZERO,
        Duration.ZERO, -1, -1, null, false);
  }

  /** A chat answer streamed one token per chunk, then the done line with Ollama's metrics. */
  public static Reply chat(String... tokens) {
    List<String> parts = List.of(tokens);
    return stream(request -> {
      String model = request.path("model").asText();
      List<ObjectNode> out = new ArrayList<>();
      parts.forEach(token -> out.add(Wire.chatChunk(model, token)));
      out.add(Wire.chatDone(model, "", parts.size()));
      return out;
    }, request -> Wire.chatDone(request.path("model").asText(), String.join("", parts),
        parts.size()));
  }

  /** A chat answer computed from the request (for example echoing ids it was sent), in one chunk. */
  public static Reply chatFrom(Function<JsonNode, String> answer) {
    return stream(request -> {
      String model = request.path("model").asText();
      return List.of(Wire.chatChunk(model, answer.apply(request)), Wire.chatDone(model, "", 1));
    }, request -> Wire.chatDone(request.path("model").asText(), answer.apply(request), 1));
  }

  /** A chat answer of {@code count} numbered tokens ("t0 ", "t1 "…). */
  public static Reply chatTokens(int count) {
    String[] tokens = new String[count];
    for (int i = 0; i < count; i++) {
      tokens[i] = "t" + i + " ";
    }
    return chat(tokens);
  }

  /** Thinking chunks, then answer chunks, then done. */
  public static Reply chatThinking(List<String> thinking, List<String> answer) {
    return stream(request -> {
      String model = request.path("model").asText();
      List<ObjectNode> out = new ArrayList<>();
      thinking.forEach(t -> out.add(Wire.chatThinkingChunk(model, t)));
      answer.forEach(t -> out.add(Wire.chatChunk(model, t)));
      out.add(Wire.chatDone(model, "", answer.size()));
      return out;
    }, null);
  }

  /** A tool call in a done:false chunk with empty content (arguments a JSON object), then done. */
  public static Reply toolCall(String name, String argumentsJson) {
    JsonNode arguments = parse(argumentsJson);
    return stream(request -> {
      String model = request.path("model").asText();
      return List.of(Wire.chatToolCallChunk(model, name, arguments), Wire.chatDone(model, "", 1));
    }, null);
  }

  /**
   * Several tool calls as Ollama 0.12.10+ sends them: streamed, one {@code done:false} chunk with
   * empty content whose {@code tool_calls} carry {@code id}, {@code index}, {@code name} and
   * {@code arguments} (a JSON object), then the done line; with {@code "stream": false}, one
   * object with {@code done:true} holding the calls and the metrics.
   *
   * @param calls name, arguments JSON, name, arguments JSON…
   */
  public static Reply toolCalls(String... calls) {
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < calls.length; i += 2) {
      pairs.add(new String[] {calls[i], calls[i + 1]});
    }
    return stream(request -> {
      String model = request.path("model").asText();
      return List.of(Wire.chatToolCallsChunk(model, pairs, false), Wire.chatDone(model, "", 1));
    }, request -> Wire.chatToolCallsChunk(request.path("model").asText(), pairs, true));
  }

  /** A generate answer, one token per chunk; the done line carries {@code context}. */
  public static Reply generate(String... tokens) {
    List<String> parts = List.of(tokens);
    return stream(request -> {
      String model = request.path("model").asText();
      List<ObjectNode> out = new ArrayList<>();
      parts.forEach(token -> out.add(Wire.generateChunk(model, token)));
      out.add(Wire.generateDone(model, "", parts.size()));
      return out;
    }, request -> Wire.generateDone(request.path("model").asText(), String.join("", parts),
        parts.size()));
  }

  /** Pull progress as Ollama sends it: manifest, {@code layers} progress lines, verify, success. */
  public static Reply pullProgress(int layerUpdates) {
    return stream(request -> {
      List<ObjectNode> out = new ArrayList<>();
      out.add(Wire.status("pulling manifest"));
      long total = 4661211424L;
      out.add(Wire.layer("6a0746a1ec1a", total, null));
      for (int i = 1; i <= layerUpdates; i++) {
        out.add(Wire.layer("6a0746a1ec1a", total, total * i / layerUpdates));
      }
      out.add(Wire.status("verifying sha256 digest"));
      out.add(Wire.status("writing manifest"));
      out.add(Wire.status("success"));
      return out;
    }, request -> Wire.status("success"));
  }

  /** A pull that fails inside its 200 stream, as for a model that does not exist. */
  public static Reply pullError(String message) {
    return stream(request -> List.of(Wire.status("pulling manifest"), Wire.error(message)), null);
  }

  /** Status lines of {@code /api/create}, ending in success. */
  public static Reply createProgress() {
    return stream(request -> List.of(Wire.status("reading model metadata"),
        Wire.status("creating system layer"), Wire.status("writing manifest"),
        Wire.status("success")), request -> Wire.status("success"));
  }

  /** NDJSON lines exactly as given (each gets its '\n'). */
  public static Reply ndjson(String... rawLines) {
    List<ObjectNode> parsed = Arrays.stream(rawLines).map(l -> (ObjectNode) parse(l)).toList();
    return stream(request -> parsed, null);
  }

  /** {@code {"error": message}} with {@code status}, as Ollama answers before streaming. */
  public static Reply error(int status, String message) {
    return json(status, Wire.error(message).toString());
  }

  /** Ollama's 503 when its load queue is full (note the two spaces). */
  public static Reply busy() {
    return error(503, Wire.BUSY);
  }

  /** A JSON body with {@code status}, as gin writes it. */
  public static Reply json(int status, String body) {
    return new Reply(status, body, "application/json; charset=utf-8", null, null, null,
        Duration.ZERO, Duration.ZERO, -1, -1, null, false);
  }

  /** Splits the body into HTTP chunks of these sizes (cycled), each flushed on its own. */
  public Reply withChunkSizes(int... sizes) {
    return new Reply(status, fixedBody, contentType, lines, whole, sizes.clone(), chunkDelay,
        firstByteDelay, stallAfterLines, disconnectAfterLines, midStreamError, dropLast);
  }

  /** Pauses between HTTP chunks. */
  public Reply withChunkDelay(Duration delay) {
    return new Reply(status, fixedBody, contentType, lines, whole, chunkSizes, delay,
        firstByteDelay, stallAfterLines, disconnectAfterLines, midStreamError, dropLast);
  }

  /** Holds back the status line, as Ollama does while it loads the model. */
  public Reply withFirstByteDelay(Duration delay) {
    return new Reply(status, fixedBody, contentType, lines, whole, chunkSizes, chunkDelay, delay,
        stallAfterLines, disconnectAfterLines, midStreamError, dropLast);
  }

  /** Sends {@code n} lines, then goes silent with the connection open. */
  public Reply stallingAfter(int n) {
    return new Reply(status, fixedBody, contentType, lines, whole, chunkSizes, chunkDelay,
        firstByteDelay, n, disconnectAfterLines, midStreamError, dropLast);
  }

  /** Sends {@code n} lines, then drops the connection (no terminating chunk). */
  public Reply disconnectingAfter(int n) {
    return new Reply(status, fixedBody, contentType, lines, whole, chunkSizes, chunkDelay,
        firstByteDelay, stallAfterLines, n, midStreamError, dropLast);
  }

  /** Replaces the final line with an {@code {"error": message}} line, status staying 200. */
  public Reply failingMidStream(String message) {
    return new Reply(status, fixedBody, contentType, lines, whole, chunkSizes, chunkDelay,
        firstByteDelay, stallAfterLines, disconnectAfterLines, message, true);
  }

  /** Ends the body cleanly but without the final {@code done} line. */
  public Reply withoutDone() {
    return new Reply(status, fixedBody, contentType, lines, whole, chunkSizes, chunkDelay,
        firstByteDelay, stallAfterLines, disconnectAfterLines, midStreamError, true);
  }

  /** The NDJSON lines this reply sends for {@code request}. */
  List<String> linesFor(JsonNode request) {
    List<String> out = new ArrayList<>();
    List<ObjectNode> all = lines.apply(request);
    int keep = dropLast ? all.size() - 1 : all.size();
    for (int i = 0; i < keep; i++) {
      out.add(all.get(i).toString());
    }
    if (midStreamError != null) {
      out.add(Wire.error(midStreamError).toString());
    }
    return out;
  }

  private static JsonNode parse(String json) {
    try {
      return Wire.JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(json, e);
    }
  }
}
