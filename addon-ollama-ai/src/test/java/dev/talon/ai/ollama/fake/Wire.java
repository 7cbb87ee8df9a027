package dev.talon.ai.ollama.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds JSON exactly as Ollama writes it (field order, names, metric values from Ollama's own
 * documentation), see /work/shared/ollama-wire/README.md. Thread-safe.
 */
final class Wire {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String BUSY = "server busy, please try again.  maximum pending requests exceeded";
  static final String RUN_ERROR = "an error was encountered while running the model";

  private static final AtomicLong clock = new AtomicLong();

  private Wire() {}

  static String createdAt() {
    long micros = 97767 + clock.incrementAndGet() * 1000;
    return String.format("2025-10-26T17:15:%02d.%06dZ", 24 + (micros / 1_000_000) % 30,
        micros % 1_000_000);
  }

  static ObjectNode chatChunk(String model, String content) {
    ObjectNode chunk = JSON.createObjectNode().put("model", model).put("created_at", createdAt());
    chunk.putObject("message").put("role", "assistant").put("content", content);
    return chunk.put("done", false);
  }

  static ObjectNode chatThinkingChunk(String model, String thinking) {
    ObjectNode chunk = JSON.createObjectNode().put("model", model).put("created_at", createdAt());
    chunk.putObject("message").put("role", "assistant").put("content", "")
        .put("thinking", thinking);
    return chunk.put("done", false);
  }

  static ObjectNode chatToolCallChunk(String model, String name, JsonNode arguments) {
    ObjectNode chunk = JSON.createObjectNode().put("model", model).put("created_at", createdAt());
    ObjectNode message = chunk.putObject("message").put("role", "assistant").put("content", "");
    ObjectNode function = message.putArray("tool_calls").addObject().putObject("function");
    function.put("name", name).set("arguments", arguments);
    return chunk.put("done", false);
  }

  private static final AtomicLong callIds = new AtomicLong();

  /** Tool calls with {@code id} and {@code index} (Ollama 0.12.10+); {@code done} for a whole answer. */
  static ObjectNode chatToolCallsChunk(String model, List<String[]> calls, boolean done) {
    ObjectNode chunk = JSON.createObjectNode().put("model", model).put("created_at", createdAt());
    ObjectNode message = chunk.putObject("message").put("role", "assistant").put("content", "");
    var array = message.putArray("tool_calls");
    for (int i = 0; i < calls.size(); i++) {
      ObjectNode call = array.addObject().put("id", "call_" + Long.toString(0x5eed00 + callIds.incrementAndGet(), 36));
      ObjectNode function = call.putObject("function").put("index", i).put("name", calls.get(i)[0]);
      try {
        function.set("arguments", JSON.readTree(calls.get(i)[1]));
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException(calls.get(i)[1], e);
      }
    }
    if (!done) {
      return chunk.put("done", false);
    }
    return metrics(chunk.put("done", true).put("done_reason", "stop"), 1);
  }

  static ObjectNode chatDone(String model, String content, int evalCount) {
    ObjectNode done = JSON.createObjectNode().put("model", model).put("created_at", createdAt());
    done.putObject("message").put("role", "assistant").put("content", content);
    return metrics(done.put("done", true).put("done_reason", "stop"), evalCount);
  }

  static ObjectNode generateChunk(String model, String response) {
    return JSON.createObjectNode().put("model", model).put("created_at", createdAt())
        .put("response", response).put("done", false);
  }

  static ObjectNode generateDone(String model, String response, int evalCount) {
    ObjectNode done = JSON.createObjectNode().put("model", model).put("created_at", createdAt())
        .put("response", response).put("done", true).put("done_reason", "stop");
    ArrayNode context = done.putArray("context");
    context.add(1).add(2).add(3);
    return metrics(done, evalCount);
  }

  private static ObjectNode metrics(ObjectNode done, int evalCount) {
    return done.put("total_duration", 4883583458L).put("load_duration", 1334875L)
        .put("prompt_eval_count", 26).put("prompt_eval_duration", 342546000L)
        .put("eval_count", evalCount).put("eval_duration", 4535599000L);
  }

  static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  static ObjectNode status(String status) {
    return JSON.createObjectNode().put("status", status);
  }

  static ObjectNode layer(String hex12, long total, Long completed) {
    ObjectNode line = JSON.createObjectNode().put("status", "pulling " + hex12)
        .put("digest", "sha256:" + hex12 + "ef3e7ec53868f220ff6e389f6f8ef87a01d77c96807de94ca2aa")
        .put("total", total);
    return completed == null ? line : line.put("completed", completed);
  }

  static ObjectNode model(String name, FakeModel spec, boolean running) {
    ObjectNode model = JSON.createObjectNode().put("name", name).put("model", name)
        .put("modified_at", "2025-05-04T17:37:44.706015396-07:00").put("size", 4920753328L)
        .put("digest", "46e0c10c039e019119339687c3c1757cc81b9da49709a3b3924863ba87ca666e");
    ObjectNode details = model.putObject("details").put("parent_model", "").put("format", "gguf")
        .put("family", spec.family());
    details.putArray("families").add(spec.family());
    details.put("parameter_size", "8.0B").put("quantization_level", "Q4_K_M");
    if (running) {
      model.put("expires_at", "2025-10-26T18:00:00Z").put("size_vram", 5137025024L)
          .put("context_length", 4096);
    }
    return model;
  }

  static ObjectNode show(FakeModel spec) {
    ObjectNode show = JSON.createObjectNode()
        .put("modelfile", "# Modelfile generated by \"ollama show\"\nFROM " + spec.name() + "\n")
        .put("parameters", "stop                           \"<|eot_id|>\"")
        .put("template", "{{ .Prompt }}");
    ObjectNode details = show.putObject("details").put("parent_model", "").put("format", "gguf")
        .put("family", spec.family());
    details.putArray("families").add(spec.family());
    details.put("parameter_size", "8.0B").put("quantization_level", "Q4_K_M");
    show.putObject("model_info").put("general.architecture", spec.family())
        .put("general.parameter_count", 8030261248L)
        .put(spec.family() + ".context_length", spec.contextLength())
        .put(spec.family() + ".embedding_length", 4096);
    ArrayNode capabilities = show.putArray("capabilities");
    spec.capabilities().forEach(capabilities::add);
    return show;
  }

  /** A model the fake has installed. */
  record FakeModel(String name, String family, List<String> capabilities, long contextLength) {}
}
