package dev.talon.ai.ollama.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/show}: how a model is built and what it can do.
 *
 * @param capabilities e.g. {@code completion}, {@code tools}, {@code vision}, {@code thinking},
 *     {@code embedding}; empty on servers too old to report them
 * @param modelInfo architecture keys such as {@code llama.context_length}
 */
public record ModelInfo(String modelfile, String parameters, String template, ModelDetails details,
                        Map<String, JsonNode> modelInfo, List<String> capabilities) {

  public ModelInfo {
    modelInfo = modelInfo == null ? Map.of() : Map.copyOf(modelInfo);
    capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
  }

  public boolean supports(String capability) {
    return capabilities.contains(capability);
  }

  /** The trained context length ({@code <arch>.context_length}), or 0 when not reported. */
  public long contextLength() {
    for (Map.Entry<String, JsonNode> e : modelInfo.entrySet()) {
      if (e.getKey().endsWith(".context_length") && e.getValue().canConvertToLong()) {
        return e.getValue().asLong();
      }
    }
    return 0;
  }
}
