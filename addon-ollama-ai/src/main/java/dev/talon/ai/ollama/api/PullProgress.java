package dev.talon.ai.ollama.api;

/**
 * A line of a pull or create progress stream. Intermediate status texts vary between Ollama
 * versions; only {@code success} is meaningful. {@code completed} may be absent early on.
 */
public record PullProgress(String status, String digest, Long total, Long completed) {

  public boolean isSuccess() {
    return "success".equals(status);
  }

  /** Share done of the current layer, 0..1, or -1 when unknown. */
  public double fraction() {
    if (total == null || total <= 0) {
      return -1;
    }
    return completed == null ? 0 : Math.min(1.0, (double) completed / total);
  }
}
