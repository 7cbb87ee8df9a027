package dev.talon.core.servers;

import dev.talon.core.servers.node.template.Editor;
import dev.talon.core.servers.node.template.ServerTemplate;
import dev.talon.core.servers.node.template.TemplateVariable;
import dev.talon.core.servers.node.template.VariableValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a client sees of a server's startup, as Pterodactyl's startup tab shows it: the
 * user-viewable variables with their values, and the startup command with every value filled in
 * where a client may see it and masked with {@code *} (one per character) where not.
 *
 * @param variables the user-viewable variables in template order
 * @param command the startup command as shown (hidden values masked)
 * @param rawCommand the stored startup command with its placeholders (Pterodactyl's {@code raw_startup_command})
 */
public record StartupView(List<Variable> variables, String command, String rawCommand) {

    /** One viewable variable and its current value. */
    public record Variable(TemplateVariable definition, String value) {
        public boolean editable() {
            return definition.userEditable();
        }
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9_]*)\\s*}}");

    public StartupView {
        variables = List.copyOf(variables);
    }

    /** The view of {@code server}, started from {@code template}. */
    public static StartupView of(GameServer server, ServerTemplate template) {
        List<Variable> visible = new ArrayList<>();
        VariableValues.visibleTo(template, server.variables(), Editor.CLIENT).forEach((v, value) -> visible.add(new Variable(v, value)));
        return new StartupView(visible, display(server, template), server.startup());
    }

    /**
     * Fills the placeholders like Pterodactyl's StartupCommandService: the memory limit and the
     * template's variables (masked unless user-viewable). Node internals ({@code {{JAVA}}},
     * {@code {{TALON_CLASSPATH}}}) stay as placeholders: they are paths on the panel's machine,
     * not settings of the server.
     */
    static String display(GameServer server, ServerTemplate template) {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("SERVER_MEMORY", Integer.toString(server.memoryMb()));
        shown.put("MEMORY", Integer.toString(server.memoryMb()));
        shown.put("SERVER_UUID", server.uuid().toString());
        for (TemplateVariable variable : template.variables()) {
            String value = server.variables().getOrDefault(variable.envVariable(), variable.defaultValue());
            shown.put(variable.envVariable(), variable.userViewable() ? value : "*".repeat(value.length()));
        }
        Matcher matcher = PLACEHOLDER.matcher(server.startup());
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = shown.get(matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? matcher.group() : value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
