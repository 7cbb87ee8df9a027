package dev.talon.core.servers.node.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VariableRulesTest {

    @Test
    void integer_between_accepts_bounds_and_refuses_outside_and_non_integers() {
        VariableRules rules = VariableRules.parse("required|integer|between:1,100");
        assertEquals(VariableType.INTEGER, rules.type());
        assertEquals(List.of(), rules.check("1"));
        assertEquals(List.of(), rules.check("100"));
        assertEquals(List.of("must be at most 100"), rules.check("101"));
        assertEquals(List.of("must be at least 1"), rules.check("0"));
        assertEquals(List.of("must be an integer"), rules.check("12.5"));
        assertEquals(List.of("is required"), rules.check(""));
    }

    @Test
    void nullable_string_limits_length_and_applies_a_regex_that_may_contain_bars() {
        VariableRules rules = VariableRules.parse("nullable|string|max:9|regex:/^(paper|vanilla)\\.jar$/");
        assertEquals(List.of(), rules.check(""));
        assertEquals(List.of(), rules.check("paper.jar"), "| inside the pattern is not a rule separator");
        assertEquals(List.of("has an invalid format"), rules.check("forge.jar"));
        assertTrue(rules.check("vanilla.jar").contains("must be at most 9 characters"));
    }

    @Test
    void in_and_boolean_rules() {
        assertEquals(List.of(), VariableRules.parse("required|in:easy,hard").check("hard"));
        assertEquals(List.of("must be one of easy, hard"), VariableRules.parse("required|in:easy,hard").check("peaceful"));
        assertEquals(List.of("must be true or false"), VariableRules.parse("boolean").check("yes"));
    }

    @Test
    void unknown_rules_and_bad_patterns_fail_when_the_template_is_defined() {
        assertThrows(IllegalArgumentException.class, () -> VariableRules.parse("required|wat"));
        assertThrows(IllegalArgumentException.class, () -> VariableRules.parse("regex:/[unclosed/"));
        assertThrows(IllegalArgumentException.class, () -> TemplateVariable.of("PORT", "Port", "", "integer", "abc", true, true));
    }

    @Test
    void clients_change_only_editable_variables_and_hidden_ones_look_unknown() {
        ServerTemplate demo = Templates.demo();
        Map<String, String> current = VariableValues.resolve(demo, Map.of());
        Map<String, String> edited = VariableValues.applyEdits(demo, current, Map.of("DEMO_SEED", "7"), Editor.CLIENT);
        assertEquals("7", edited.get("DEMO_SEED"));

        var readOnly = assertThrows(VariableValidationException.class,
                () -> VariableValues.applyEdits(demo, current, Map.of("DEMO_BOOT_MILLIS", "1"), Editor.CLIENT));
        assertEquals("is read-only", readOnly.violations().getFirst().message());
        assertEquals("1", VariableValues.applyEdits(demo, current, Map.of("DEMO_BOOT_MILLIS", "1"), Editor.ADMIN)
                .get("DEMO_BOOT_MILLIS"));

        var invalid = assertThrows(VariableValidationException.class,
                () -> VariableValues.applyEdits(demo, current, Map.of("DEMO_LOG_RATE", "0", "DEMO_SEED", "x"), Editor.CLIENT));
        assertEquals(2, invalid.violations().size(), invalid.getMessage());
    }

    @Test
    void values_with_control_characters_are_refused() {
        ServerTemplate jar = Templates.javaJar();
        var error = assertThrows(VariableValidationException.class,
                () -> VariableValues.resolve(jar, Map.of("SERVER_JAR", "server.jar\nevil")));
        assertEquals("SERVER_JAR", error.violations().getFirst().variable());
    }

    @Test
    void templates_refuse_unknown_placeholders_and_reserved_names() {
        assertThrows(IllegalArgumentException.class, () -> new ServerTemplate("x", "x", "", "run {{NOPE}}", List.of(),
                Optional.empty(), StopCommand.parse("stop")));
        assertThrows(IllegalArgumentException.class, () -> new ServerTemplate("x", "x", "", "run", List.of(
                TemplateVariable.of("MEMORY", "m", "", "integer", "1", true, true)), Optional.empty(), StopCommand.parse("stop")));
    }
}
