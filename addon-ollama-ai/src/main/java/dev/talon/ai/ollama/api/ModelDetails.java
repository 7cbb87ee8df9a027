package dev.talon.ai.ollama.api;

import java.util.List;

/** The {@code details} object of tags, ps and show. */
public record ModelDetails(String parentModel, String format, String family, List<String> families,
                           String parameterSize, String quantizationLevel) {}
