package dev.talon.ai.ollama.api;

import java.util.List;

/**
 * A chunk of a generate stream, or a whole answer; see {@link ChatResponse}.
 *
 * @param context deprecated by Ollama; present on the last chunk unless {@code raw}
 */
public record GenerateResponse(String model, String createdAt, String response, String thinking,
                               boolean done, String doneReason, List<Long> context,
                               Long totalDuration, Long loadDuration, Integer promptEvalCount,
                               Long promptEvalDuration, Integer evalCount, Long evalDuration) {

  /** The generated text, never null. */
  public String text() {
    return response == null ? "" : response;
  }

  public double tokensPerSecond() {
    return Metrics.tokensPerSecond(evalCount, evalDuration);
  }
}
