package dev.talon.core.servers.node.template;

/** What kind of value a template variable holds; decided by its rules ({@code integer}, {@code numeric}, {@code boolean}). */
public enum VariableType {
    STRING,
    INTEGER,
    NUMBER,
    BOOLEAN
}
