package dev.talon.ai.ollama.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/chat}. The client sets {@code stream} itself.
 *
 * @param format {@code "json"} as a text node, or a JSON Schema object
 * @param options model parameters such as {@code temperature} or {@code num_ctx}; changing runner
 *     options like {@code num_ctx} between requests makes Ollama reload the model
 * @param keepAlive overrides the client's configured keep_alive for this request
 */
public record ChatRequest(String model, List<ChatMessage> messages, List<Tool> tools,
                          JsonNode format, Map<String, Object> options, String keepAlive,
                          Think think) {

  public static ChatRequest of(String model, List<ChatMessage> messages) {
    return new ChatRequest(model, List.copyOf(messages), null, null, null, null, null);
  }

  public ChatRequest withTools(List<Tool> tools) {
    return new ChatRequest(model, messages, tools, format, options, keepAlive, think);
  }

  public ChatRequest withFormat(JsonNode format) {
    return new ChatRequest(model, messages, tools, format, options, keepAlive, think);
  }

  public ChatRequest withOptions(Map<String, Object> options) {
    return new ChatRequest(model, messages, tools, format, options, keepAlive, think);
  }

  public ChatRequest withKeepAlive(String keepAlive) {
    return new ChatRequest(model, messages, tools, format, options, keepAlive, think);
  }

  public ChatRequest withThink(Think think) {
    return new ChatRequest(model, messages, tools, format, options, keepAlive, think);
  }
}
