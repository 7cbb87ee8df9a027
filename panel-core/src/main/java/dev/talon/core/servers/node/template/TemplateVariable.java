package dev.talon.core.servers.node.template;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One setting of a server template, as in a Pterodactyl egg. Its value reaches the server as an
 * environment variable named {@code envVariable} and wherever the startup command says
 * {@code {{envVariable}}}.
 *
 * @param envVariable upper-case name, {@code [A-Z][A-Z0-9_]*}; the key of the value everywhere
 * @param name label shown to users
 * @param description help text
 * @param rules validation rules, which also give the {@link #type()}
 * @param defaultValue used when a server has no value; must satisfy {@code rules}
 * @param userViewable whether clients (non-admins) see it
 * @param userEditable whether clients may change it (implies viewable)
 */
public record TemplateVariable(
        String envVariable,
        String name,
        String description,
        VariableRules rules,
        String defaultValue,
        boolean userViewable,
        boolean userEditable) {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    public TemplateVariable {
        Objects.requireNonNull(rules, "rules");
        defaultValue = Objects.requireNonNullElse(defaultValue, "");
        if (envVariable == null || !ENV_NAME.matcher(envVariable).matches()) {
            throw new IllegalArgumentException("variable name must match " + ENV_NAME + ", was '" + envVariable + "'");
        }
        if (userEditable && !userViewable) {
            throw new IllegalArgumentException("variable " + envVariable + " is user-editable but not user-viewable");
        }
        List<String> problems = rules.check(defaultValue);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("default '" + defaultValue + "' of " + envVariable + " " + problems.getFirst());
        }
    }

    /** Convenience: rules given as text. */
    public static TemplateVariable of(String envVariable, String name, String description, String rules,
            String defaultValue, boolean userViewable, boolean userEditable) {
        return new TemplateVariable(envVariable, name, description, VariableRules.parse(rules), defaultValue,
                userViewable, userEditable);
    }

    public VariableType type() {
        return rules.type();
    }
}
