package dev.talon.ai.ollama.api;

/**
 * A model in {@code /api/tags} (installed) or {@code /api/ps} (loaded). The last three fields are
 * only set by ps.
 *
 * @param size bytes on disk (tags) or in memory (ps)
 */
public record ModelSummary(String name, String model, String modifiedAt, long size, String digest,
                           ModelDetails details, String expiresAt, Long sizeVram,
                           Integer contextLength) {}
