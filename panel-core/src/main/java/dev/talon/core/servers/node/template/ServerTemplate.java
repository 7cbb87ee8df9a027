package dev.talon.core.servers.node.template;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A server template ("egg"): how to start a kind of server, what its settings are, how to tell
 * it finished booting and how to ask it to stop. Immutable; validated on construction so a bad
 * template fails where it is defined.
 *
 * @param id stable key, e.g. {@code demo}
 * @param name shown to users
 * @param description what it runs
 * @param startup the default startup command; servers may override it (admins only)
 * @param variables the template's settings
 * @param donePattern a console line matching this (found anywhere in the line) marks the server
 *     running; empty = running as soon as the process starts
 * @param stop how to ask the server to stop
 */
public record ServerTemplate(
        String id,
        String name,
        String description,
        String startup,
        List<TemplateVariable> variables,
        Optional<Pattern> donePattern,
        StopCommand stop) {

    public ServerTemplate {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("template id is blank");
        }
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(donePattern, "donePattern");
        variables = List.copyOf(variables);
        Set<String> known = new HashSet<>(NodeVariables.NAMES);
        for (TemplateVariable variable : variables) {
            if (!known.add(variable.envVariable())) {
                throw new IllegalArgumentException("template " + id + ": variable " + variable.envVariable()
                        + (NodeVariables.NAMES.contains(variable.envVariable()) ? " is reserved by the node" : " is defined twice"));
            }
        }
        StartupCommand.split(startup);
        for (String used : StartupCommand.placeholders(startup)) {
            if (!known.contains(used)) {
                throw new IllegalArgumentException("template " + id + ": startup uses unknown variable {{" + used + "}}");
            }
        }
    }

    public Optional<TemplateVariable> variable(String envVariable) {
        return variables.stream().filter(v -> v.envVariable().equals(envVariable)).findFirst();
    }
}
