package dev.talon.ai.presets;

/**
 * The "new preset" form as submitted, with the field that was refused and why, so the page can be
 * shown again with the values kept and the bad field marked.
 *
 * @param errorField the refused field ({@code name}, {@code model}, {@code temperature},
 *     {@code max_tokens}, {@code description}, {@code system_prompt}), or {@code null}
 */
public record PresetForm(String name, String description, String model, String temperature, String maxTokens,
                         String systemPrompt, String errorField, String errorMessage) {

    public static PresetForm empty() {
        return new PresetForm("", "", "", "0.7", "", "", null, null);
    }

    public boolean hasError(String field) {
        return field.equals(errorField);
    }

    PresetForm refused(Presets.PresetException e) {
        return new PresetForm(name, description, model, temperature, maxTokens, systemPrompt, e.field(), e.getMessage());
    }
}
