package dev.talon.core.servers;

import java.util.Map;
import java.util.UUID;

/**
 * A server as the panel stores it ({@code servers} table). The node gets a {@link
 * dev.talon.core.servers.node.ServerSpec} built from it.
 *
 * @param identifier the first 8 characters of the uuid, as Pterodactyl's short id
 * @param templateId id of a built-in template ({@code demo}, {@code java-jar}, {@code generic})
 * @param startup the startup command (template default unless an admin changed it)
 * @param variables stored variable values by env name
 * @param memoryMb memory limit in MiB, 0 = unlimited
 */
public record GameServer(long id, UUID uuid, String identifier, String name, String description, long ownerId,
        String templateId, String startup, Map<String, String> variables, int memoryMb, boolean autoRestart,
        boolean suspended, long createdAt, long updatedAt) {

    public GameServer {
        variables = Map.copyOf(variables);
    }

    /** The activity-log subject of this server. */
    public String subject() {
        return "server:" + uuid;
    }
}
