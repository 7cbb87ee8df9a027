package dev.talon.ai.ollama.api;

/**
 * A chunk of a chat stream, or a whole answer. The last chunk has {@code done = true} and the
 * metrics; durations are nanoseconds, and any metric may be absent. From
 * {@link dev.talon.ai.ollama.OllamaStream#result()} this is the whole answer: the text, thinking
 * and tool calls of all chunks with the metrics of the last.
 *
 * @param doneReason {@code stop}, {@code length}, {@code load} or {@code unload}
 */
public record ChatResponse(String model, String createdAt, ChatMessage message, boolean done,
                           String doneReason, Long totalDuration, Long loadDuration,
                           Integer promptEvalCount, Long promptEvalDuration, Integer evalCount,
                           Long evalDuration) {

  /** The message text, never null. */
  public String text() {
    return message == null || message.content() == null ? "" : message.content();
  }

  /** Generated tokens per second, or 0 when Ollama did not report it. */
  public double tokensPerSecond() {
    return Metrics.tokensPerSecond(evalCount, evalDuration);
  }
}
