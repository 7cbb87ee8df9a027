package dev.talon.ai.ollama.api;

/** Arithmetic on Ollama's reported metrics. */
final class Metrics {
  private Metrics() {}

  static double tokensPerSecond(Integer evalCount, Long evalDurationNanos) {
    if (evalCount == null || evalDurationNanos == null || evalDurationNanos <= 0) {
      return 0;
    }
    return evalCount * 1e9 / evalDurationNanos;
  }
}
