package dev.talon.core.servers.node;

import dev.talon.core.servers.node.template.ServerTemplate;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What the node needs to run one server. The panel owns this data (database); the node keeps
 * the latest copy it was given and uses it at the next start.
 *
 * @param uuid the server; also its folder name, so it cannot point outside {@code servers/}
 * @param template the template it was created from
 * @param startup the startup command; the template's unless an admin changed it
 * @param variables stored variable values by env name (missing ones take the template default)
 * @param memoryMb memory limit in MiB, passed as {@code {{SERVER_MEMORY}}}; 0 = unlimited
 * @param autoRestart restart after a crash (with crash-loop protection)
 */
public record ServerSpec(UUID uuid, ServerTemplate template, String startup, Map<String, String> variables,
        int memoryMb, boolean autoRestart) {

    public ServerSpec {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(startup, "startup");
        variables = Map.copyOf(variables);
        if (memoryMb < 0) {
            throw new IllegalArgumentException("memoryMb must be >= 0, was " + memoryMb);
        }
    }

    /** A server with the template's startup command, 1024 MiB and no auto-restart. */
    public static ServerSpec of(UUID uuid, ServerTemplate template, Map<String, String> variables) {
        return new ServerSpec(uuid, template, template.startup(), variables, 1024, false);
    }

    public ServerSpec withAutoRestart(boolean enabled) {
        return new ServerSpec(uuid, template, startup, variables, memoryMb, enabled);
    }

    public ServerSpec withMemoryMb(int mb) {
        return new ServerSpec(uuid, template, startup, variables, mb, autoRestart);
    }

    public ServerSpec withStartup(String command) {
        return new ServerSpec(uuid, template, command, variables, memoryMb, autoRestart);
    }
}
