package dev.talon.core.servers.node.template;

/**
 * One invalid variable value.
 *
 * @param variable the variable's env name
 * @param value the rejected value (untrusted; escape when shown)
 * @param message what is wrong, e.g. {@code must be at most 100}
 */
public record Violation(String variable, String value, String message) {

    @Override
    public String toString() {
        return variable + " " + message;
    }
}
