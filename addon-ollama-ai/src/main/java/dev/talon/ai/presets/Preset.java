package dev.talon.ai.presets;

/**
 * How the assistant answers: which model, how freely, with which instructions.
 *
 * @param id {@code builtin:<name>} for the built-in presets, the row id otherwise
 * @param modelRole for built-ins, which configured model to use ({@code chat}, {@code code}, …);
 *     {@code null} for custom presets, which name a model directly
 * @param model the model of a custom preset
 * @param maxTokens limit on the answer's length ({@code num_predict}), or {@code null}
 */
public record Preset(String id, String name, String description, String modelRole, String model, double temperature,
                     Integer maxTokens, String systemPrompt, boolean builtIn) {}
