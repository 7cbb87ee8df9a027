package dev.talon.ai.chat;

import dev.talon.api.PanelUser;
import java.util.Optional;

/**
 * Which servers a user may see, and their names: the part of the servers feature (issue 3) the
 * assistant needs. Until servers publish it, {@link #NONE} sees no server, so no server data can
 * leak into another user's prompt.
 */
@FunctionalInterface
public interface ServerAccess {

    ServerAccess NONE = (user, uuid) -> Optional.empty();

    /** The server's display name if {@code user} may see server {@code uuid}; empty otherwise. */
    Optional<String> visibleName(PanelUser user, String uuid);
}
