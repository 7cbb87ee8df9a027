package dev.talon.ai.ollama.api;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/create}: a new model from an existing one ({@code from}) or uploaded blobs.
 *
 * @param files file name to {@code sha256:…} digest of an uploaded blob
 * @param parameters Modelfile parameters, e.g. {@code num_ctx}
 * @param quantize e.g. {@code q4_K_M}
 */
public record CreateRequest(String model, String from, Map<String, String> files,
                            Map<String, String> adapters, String template, String system,
                            Map<String, Object> parameters, List<ChatMessage> messages,
                            String license, String quantize) {

  /** A model derived from {@code from} with a system prompt and parameters. */
  public static CreateRequest from(String model, String from, String system,
                                   Map<String, Object> parameters) {
    return new CreateRequest(model, from, null, null, null, system, parameters, null, null, null);
  }
}
