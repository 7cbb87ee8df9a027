package dev.talon.ai.ollama.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A tool call the model asked for.
 *
 * @param id present from Ollama 0.12.10 on
 */
public record ToolCall(String id, Function function) {

  /** The function to call; {@code arguments} is a JSON object (not a string as in OpenAI). */
  public record Function(Integer index, String name, ObjectNode arguments) {}
}
