package dev.talon.ai.ollama.api;

import java.util.List;

/** One vector per input, in input order. */
public record EmbedResponse(String model, List<float[]> embeddings, Long totalDuration,
                            Long loadDuration, Integer promptEvalCount) {}
