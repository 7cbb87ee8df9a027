package dev.talon.ai.chat;

import dev.talon.api.PanelUser;
import java.util.Optional;

/**
 * What the assistant may know about where the user is, when the user allows it: the page, and on
 * a server page that server's state, recent console errors and resources. The text goes to the
 * model wrapped as untrusted data; the label is shown under the answer ("context used").
 */
public interface PageContext {

    /** The context for one turn, or empty when there is nothing to add. */
    Optional<Block> describe(PanelUser user, String pagePath, String serverUuid);

    /**
     * @param label short, for people: {@code page /servers/x · server "lobby"}
     * @param text for the model; untrusted (console lines come from the game server)
     */
    record Block(String label, String text) {}
}
