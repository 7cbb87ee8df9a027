package dev.talon.ai.chat;

import dev.talon.api.PanelUser;
import java.util.Optional;

/**
 * Which servers a user may bring into the assistant's context. {@link #NONE} sees no server, so
 * no server data can reach a prompt.
 */
@FunctionalInterface
public interface ServerAccess {

    ServerAccess NONE = (user, server) -> Optional.empty();

    /** A server the user may see: its uuid (what panel events carry) and display name. */
    record Visible(String uuid, String name) {}

    /** The server named by uuid or short identifier, if {@code user} may see it; empty otherwise. */
    Optional<Visible> visible(PanelUser user, String uuidOrIdentifier);
}
