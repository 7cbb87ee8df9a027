package dev.talon.core.servers.node.template;

/** Who changes a server's variables: clients see and change only user-viewable/editable ones. */
public enum Editor {
    ADMIN,
    CLIENT
}
