package dev.talon.ai.ollama.api;

import java.util.List;

/**
 * One chat message.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param images base64-encoded images, for vision models
 * @param toolCalls tool calls the assistant asked for
 * @param toolName for {@code role = tool}: which tool produced this content
 */
public record ChatMessage(String role, String content, String thinking, List<String> images,
                          List<ToolCall> toolCalls, String toolName) {

  public static ChatMessage system(String content) {
    return new ChatMessage("system", content, null, null, null, null);
  }

  public static ChatMessage user(String content) {
    return new ChatMessage("user", content, null, null, null, null);
  }

  /** A user message with base64-encoded images. */
  public static ChatMessage user(String content, List<String> base64Images) {
    return new ChatMessage("user", content, null, List.copyOf(base64Images), null, null);
  }

  public static ChatMessage assistant(String content) {
    return new ChatMessage("assistant", content, null, null, null, null);
  }

  /** The result of running a tool, sent back to the model. */
  public static ChatMessage tool(String toolName, String content) {
    return new ChatMessage("tool", content, null, null, null, toolName);
  }
}
