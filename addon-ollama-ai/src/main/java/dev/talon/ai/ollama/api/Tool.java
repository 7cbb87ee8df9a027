package dev.talon.ai.ollama.api;

import com.fasterxml.jackson.databind.JsonNode;

/** A tool offered to the model: {@code {"type":"function","function":{…}}}. */
public record Tool(String type, Function function) {

  /** @param parameters a JSON Schema object describing the arguments */
  public record Function(String name, String description, JsonNode parameters) {}

  public static Tool function(String name, String description, JsonNode parameters) {
    return new Tool("function", new Function(name, description, parameters));
  }
}
