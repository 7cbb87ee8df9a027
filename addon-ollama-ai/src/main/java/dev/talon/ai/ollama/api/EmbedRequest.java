package dev.talon.ai.ollama.api;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/embed}, a batch of inputs.
 *
 * @param truncate {@code false} makes Ollama fail instead of cutting inputs to the context length
 */
public record EmbedRequest(String model, List<String> input, Boolean truncate, Integer dimensions,
                           Map<String, Object> options, String keepAlive) {

  public static EmbedRequest of(String model, List<String> input) {
    return new EmbedRequest(model, List.copyOf(input), null, null, null, null);
  }
}
