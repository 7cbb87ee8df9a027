package dev.talon.core.servers.node;

import java.util.Locale;

/** Wings' power states. A crash is not a state: the server goes {@link #OFFLINE} with {@code crashed} set. */
public enum PowerState {
    OFFLINE,
    STARTING,
    RUNNING,
    STOPPING;

    /** The string Wings and {@code dev.talon.api.events.ServerStateChanged} use: {@code offline}, {@code running}, … */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
