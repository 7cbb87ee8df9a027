package dev.talon.core.servers.node.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Resolves, validates and edits the variable values of one server against its template. */
public final class VariableValues {

    private VariableValues() {}

    /**
     * The value of every template variable: the stored one, else the default. Values for
     * variables the template does not have are ignored (the template may have changed).
     *
     * @throws VariableValidationException listing every invalid value
     */
    public static Map<String, String> resolve(ServerTemplate template, Map<String, String> stored) {
        Map<String, String> values = new LinkedHashMap<>();
        List<Violation> violations = new ArrayList<>();
        for (TemplateVariable variable : template.variables()) {
            String value = stored.getOrDefault(variable.envVariable(), variable.defaultValue());
            value = value == null ? "" : value;
            check(variable, value, violations);
            values.put(variable.envVariable(), value);
        }
        if (!violations.isEmpty()) {
            throw new VariableValidationException(violations);
        }
        return values;
    }

    /**
     * Applies {@code edits} on top of {@code current}. A client may only change user-editable
     * variables; unknown or hidden ones are reported as unknown so their existence is not revealed.
     *
     * @return the complete, validated new values
     * @throws VariableValidationException naming every refused edit
     */
    public static Map<String, String> applyEdits(ServerTemplate template, Map<String, String> current,
            Map<String, String> edits, Editor editor) {
        List<Violation> violations = new ArrayList<>();
        Map<String, String> merged = new LinkedHashMap<>(current);
        edits.forEach((name, value) -> {
            var variable = template.variable(name);
            if (variable.isEmpty() || (editor == Editor.CLIENT && !variable.get().userViewable())) {
                violations.add(new Violation(name, value, "is not a variable of this server"));
            } else if (editor == Editor.CLIENT && !variable.get().userEditable()) {
                violations.add(new Violation(name, value, "is read-only"));
            } else {
                merged.put(name, value);
            }
        });
        if (!violations.isEmpty()) {
            throw new VariableValidationException(violations);
        }
        return resolve(template, merged);
    }

    /** The variables {@code editor} may see, with their current values, in template order. */
    public static Map<TemplateVariable, String> visibleTo(ServerTemplate template, Map<String, String> values, Editor editor) {
        Map<TemplateVariable, String> visible = new LinkedHashMap<>();
        for (TemplateVariable variable : template.variables()) {
            if (editor == Editor.ADMIN || variable.userViewable()) {
                visible.put(variable, values.getOrDefault(variable.envVariable(), variable.defaultValue()));
            }
        }
        return visible;
    }

    private static void check(TemplateVariable variable, String value, List<Violation> violations) {
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            violations.add(new Violation(variable.envVariable(), value, "must not contain control characters"));
            return;
        }
        for (String problem : variable.rules().check(value)) {
            violations.add(new Violation(variable.envVariable(), value, problem));
        }
    }
}
