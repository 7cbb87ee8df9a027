package dev.talon.core.servers.node.template;

import java.util.List;
import java.util.stream.Collectors;

/** Variable values were refused; {@link #violations()} names each variable and why. */
public final class VariableValidationException extends IllegalArgumentException {

    private final transient List<Violation> violations;

    public VariableValidationException(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
