package dev.talon.ai.ollama.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** {@code POST /api/generate}; the same conventions as {@link ChatRequest}. */
public record GenerateRequest(String model, String prompt, String suffix, String system,
                              String template, List<String> images, Boolean raw, JsonNode format,
                              Map<String, Object> options, String keepAlive, Think think) {

  public static GenerateRequest of(String model, String prompt) {
    return new GenerateRequest(model, prompt, null, null, null, null, null, null, null, null, null);
  }

  public GenerateRequest withSystem(String system) {
    return new GenerateRequest(model, prompt, suffix, system, template, images, raw, format,
        options, keepAlive, think);
  }

  public GenerateRequest withImages(List<String> base64Images) {
    return new GenerateRequest(model, prompt, suffix, system, template, base64Images, raw, format,
        options, keepAlive, think);
  }

  public GenerateRequest withFormat(JsonNode format) {
    return new GenerateRequest(model, prompt, suffix, system, template, images, raw, format,
        options, keepAlive, think);
  }

  public GenerateRequest withOptions(Map<String, Object> options) {
    return new GenerateRequest(model, prompt, suffix, system, template, images, raw, format,
        options, keepAlive, think);
  }

  public GenerateRequest withKeepAlive(String keepAlive) {
    return new GenerateRequest(model, prompt, suffix, system, template, images, raw, format,
        options, keepAlive, think);
  }

  public GenerateRequest withThink(Think think) {
    return new GenerateRequest(model, prompt, suffix, system, template, images, raw, format,
        options, keepAlive, think);
  }
}
