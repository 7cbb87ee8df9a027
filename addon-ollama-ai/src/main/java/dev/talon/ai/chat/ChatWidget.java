package dev.talon.ai.chat;

import dev.talon.ai.AiRuntime;
import dev.talon.api.AccessControl;
import dev.talon.api.PanelUser;
import dev.talon.api.web.Area;
import dev.talon.api.web.Html;
import dev.talon.api.web.PageFragment;

/**
 * The floating chat button on every admin and client page: a button, an empty panel and the
 * script that fills it ({@code ai-chat.js}; no inline script, the CSP allows only the panel's own
 * files). Cheap: no database or model calls, the script loads conversations when opened.
 */
public final class ChatWidget implements PageFragment {

    private final AiRuntime runtime;
    private final AccessControl access;

    public ChatWidget(AiRuntime runtime, AccessControl access) {
        this.runtime = runtime;
        this.access = access;
    }

    @Override
    public Html render(PanelUser viewer, Area area, String path) {
        if (!runtime.config().on(runtime.config().features().chatSupport()) || !access.can(viewer, "ai.chat")) {
            return Html.text("");
        }
        return new Html("""
                <link rel="stylesheet" href="/ai/assets/ai-chat.css">
                <button type="button" id="ai-chat-open" class="ai-chat-open" aria-controls="ai-chat" aria-expanded="false" title="Ask the AI assistant">✦ Assistant</button>
                <section id="ai-chat" class="ai-chat" hidden data-page="%s" aria-label="AI assistant"></section>
                <script src="/ai/assets/ai-chat.js" defer></script>
                """.formatted(Html.escape(path)));
    }
}
