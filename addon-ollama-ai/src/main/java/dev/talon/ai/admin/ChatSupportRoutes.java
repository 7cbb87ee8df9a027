package dev.talon.ai.admin;

import dev.talon.ai.AiRuntime;
import dev.talon.ai.chat.ChatStore;
import dev.talon.ai.chat.Escalations;
import dev.talon.ai.markdown.SafeMarkdown;
import dev.talon.ai.web.AiPages;
import dev.talon.api.PanelUser;
import dev.talon.api.Registrar;
import dev.talon.api.UserDirectory;
import dev.talon.api.web.Area;
import dev.talon.api.web.HttpMethod;
import dev.talon.api.web.Request;
import dev.talon.api.web.Route;
import io.javalin.http.NotFoundResponse;
import java.util.List;

/**
 * AI Chat Support: conversations clients escalated to a human, with the model's category,
 * urgency, summary and a suggested reply the admin edits and sends; the reply appears in the
 * client's conversation. Off with {@code features.chat_support}.
 */
public final class ChatSupportRoutes {

    /** One message of the transcript; {@code html} is the sanitised rendering. */
    public record Line(String role, String html, String status) {}

    /** A ticket with what the admin needs to answer it. */
    public record TicketView(Escalations.Ticket ticket, String client, List<Line> transcript) {}

    /** The model of {@code support.jte}. */
    public record Page(OllamaStatus status, List<TicketView> tickets, String csrf) {}

    private final AiRuntime runtime;
    private final AiPages pages;
    private final Escalations escalations;
    private final ChatStore store;
    private final SafeMarkdown markdown;
    private final UserDirectory users;

    public ChatSupportRoutes(AiRuntime runtime, AiPages pages, Escalations escalations, ChatStore store, SafeMarkdown markdown,
                             UserDirectory users) {
        this.runtime = runtime;
        this.pages = pages;
        this.escalations = escalations;
        this.store = store;
        this.markdown = markdown;
        this.users = users;
    }

    public void register(Registrar registrar) {
        registrar.route(Route.of(Area.ADMIN, HttpMethod.GET, "/admin/ai/support", this::page)
                .when(() -> runtime.config().on(runtime.config().features().chatSupport())));
        registrar.route(Route.of(Area.ADMIN, HttpMethod.POST, "/admin/ai/support/{id}/reply", this::reply)
                .when(() -> runtime.config().on(runtime.config().features().chatSupport())));
    }

    private void page(Request r) {
        List<TicketView> tickets = escalations.open().stream().map(t -> new TicketView(t,
                users.find(t.ownerId()).map(PanelUser::email).orElse("user #" + t.ownerId()),
                store.messages(t.conversationId()).stream().filter(dev.talon.ai.chat.StoredMessage::shownToPeople)
                        .map(m -> new Line(m.role(), markdown.render(m.content()), m.status())).toList())).toList();
        pages.render(r, "AI Chat Support", "support.jte", new Page(OllamaStatus.of(runtime), tickets, r.csrfToken()));
    }

    private void reply(Request r) {
        long id;
        try {
            id = Long.parseLong(r.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFoundResponse("There is no such ticket.");
        }
        if (escalations.answer(id, r.user(), r.ctx().formParam("reply"))) {
            r.flashOk("Your reply was sent to the client's conversation.");
        } else {
            r.flashError("That ticket is already answered, or the reply was empty.");
        }
        r.ctx().redirect("/admin/ai/support");
    }
}
