package dev.talon.ai.admin;

import dev.talon.ai.AiRuntime;
import dev.talon.ai.web.AiPages;
import dev.talon.api.Registrar;
import dev.talon.api.web.Area;
import dev.talon.api.web.HttpMethod;
import dev.talon.api.web.Route;

/**
 * AI Chat Support: conversations clients escalated to a human. Escalation arrives with the
 * assistant; until then the page explains what will appear here. Off with {@code features.chat_support}.
 */
public final class ChatSupportRoutes {

    /** The model of {@code support.jte}. */
    public record Page(OllamaStatus status) {}

    private final AiRuntime runtime;
    private final AiPages pages;

    public ChatSupportRoutes(AiRuntime runtime, AiPages pages) {
        this.runtime = runtime;
        this.pages = pages;
    }

    public void register(Registrar registrar) {
        registrar.route(Route.of(Area.ADMIN, HttpMethod.GET, "/admin/ai/support",
                        r -> pages.render(r, "AI Chat Support", "support.jte", new Page(OllamaStatus.of(runtime))))
                .when(() -> runtime.config().on(runtime.config().features().chatSupport())));
    }
}
