package dev.talon.core.servers.node.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupCommandTest {

    @Test
    void java_jar_template_renders_to_an_argument_list() {
        assertEquals(List.of("java", "-Xms128M", "-Xmx2048M", "-jar", "paper.jar", "nogui"),
                StartupCommand.render(Templates.javaJar().startup(), Map.of("MEMORY", "2048", "SERVER_JAR", "paper.jar")));
    }

    @Test
    void a_hostile_value_stays_one_literal_argument() {
        String hostile = "a b; rm -rf / $(touch pwned) `id` && echo \"x\" | cat > /tmp/y";
        assertEquals(List.of("java", "-jar", hostile, "--name=" + hostile),
                StartupCommand.render("java -jar {{SERVER_JAR}} --name={{SERVER_JAR}}", Map.of("SERVER_JAR", hostile)));
    }

    @Test
    void a_value_that_looks_like_a_placeholder_is_not_expanded_again() {
        assertEquals(List.of("run", "{{SECRET}}"),
                StartupCommand.render("run {{A}}", Map.of("A", "{{SECRET}}", "SECRET", "leak")));
    }

    @Test
    void admin_quotes_group_words_and_an_empty_optional_argument_is_dropped() {
        assertEquals(List.of("sh", "-c", "echo hi", "end"),
                StartupCommand.render("sh -c 'echo hi' {{EXTRA}} end", Map.of("EXTRA", "")));
    }

    @Test
    void unknown_variables_and_unclosed_quotes_are_errors() {
        assertThrows(IllegalArgumentException.class, () -> StartupCommand.render("run {{MISSING}}", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> StartupCommand.split("run 'oops"));
    }
}
