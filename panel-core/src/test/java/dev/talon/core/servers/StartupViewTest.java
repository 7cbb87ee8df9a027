package dev.talon.core.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.talon.core.servers.node.template.ServerTemplate;
import dev.talon.core.servers.node.template.StopCommand;
import dev.talon.core.servers.node.template.TemplateVariable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StartupViewTest {

    private static final ServerTemplate TEMPLATE = new ServerTemplate("t", "T", "", "{{JAVA}} -Xmx{{MEMORY}}M -jar {{JAR}} --token {{TOKEN}} --mode {{MODE}}",
            List.of(TemplateVariable.of("JAR", "Jar", "", "required|string", "server.jar", true, true),
                    TemplateVariable.of("TOKEN", "Token", "", "required|string", "s3cret", false, false),
                    TemplateVariable.of("MODE", "Mode", "", "required|in:a,b", "a", true, false)),
            Optional.empty(), StopCommand.parse("stop"));

    private static GameServer server(Map<String, String> variables) {
        return new GameServer(1, UUID.randomUUID(), "abcd1234", "S", "", 1, "t", TEMPLATE.startup(), variables, 512, false, false, 0, 0);
    }

    @Test
    void hidden_values_are_masked_one_star_per_character_and_node_paths_stay_placeholders() {
        StartupView view = StartupView.of(server(Map.of("JAR", "paper.jar", "TOKEN", "hunter22")), TEMPLATE);
        assertEquals("{{JAVA}} -Xmx512M -jar paper.jar --token ******** --mode a", view.command());
        assertEquals(TEMPLATE.startup(), view.rawCommand());
    }

    @Test
    void clients_see_only_viewable_variables_and_edit_only_editable_ones() {
        StartupView view = StartupView.of(server(Map.of()), TEMPLATE);
        assertEquals(List.of("JAR", "MODE"), view.variables().stream().map(v -> v.definition().envVariable()).toList());
        assertEquals(List.of(true, false), view.variables().stream().map(StartupView.Variable::editable).toList());
        assertEquals("******", view.command().split("--token ")[1].split(" ")[0], "the default of a hidden variable is masked too");
    }
}
