package dev.talon.ai.console;

import dev.talon.api.PanelUser;
import dev.talon.api.web.Area;
import dev.talon.api.web.Html;
import dev.talon.api.web.PageFragment;
import java.util.function.BooleanSupplier;

/**
 * Loads {@code ai-console.js} on client server pages ({@code /server/{identifier}}) while the
 * add-on is on; nothing elsewhere. Cheap: no lookups, the script asks the endpoints itself, and
 * they check the user's permission on the server.
 */
public final class ConsoleScript implements PageFragment {

    private final BooleanSupplier enabled;

    public ConsoleScript(BooleanSupplier enabled) {
        this.enabled = enabled;
    }

    @Override
    public Html render(PanelUser viewer, Area area, String path) {
        if (path == null || !path.startsWith("/server/") || !enabled.getAsBoolean()) {
            return Html.text("");
        }
        return new Html("<script src=\"/ai/assets/ai-console.js\" defer></script>\n");
    }
}
