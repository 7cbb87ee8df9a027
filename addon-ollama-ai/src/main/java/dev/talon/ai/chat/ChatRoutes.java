package dev.talon.ai.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.ai.AiRuntime;
import dev.talon.ai.markdown.SafeMarkdown;
import dev.talon.ai.presets.Presets;
import dev.talon.api.Registrar;
import dev.talon.api.web.Area;
import dev.talon.api.web.HttpMethod;
import dev.talon.api.web.Html;
import dev.talon.api.web.Request;
import dev.talon.api.web.Route;
import dev.talon.api.web.RouteHandler;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.HttpResponseException;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The assistant's API under {@code /api/ai/chat}: the caller's conversations, one turn (an NDJSON
 * stream or one JSON object), stop, rename, delete, export. API keys or a session with its CSRF
 * token (the host checks both). A conversation of someone else is a 404 for everybody.
 */
public final class ChatRoutes {

    private static final String PERMISSION = "ai.chat";

    private final AiRuntime runtime;
    private final ChatService chat;
    private final ChatStore store;
    private final Presets presets;
    private final ObjectMapper json = new ObjectMapper();
    private final ChatJson shapes;
    private final SafeMarkdown markdown;

    private final Escalations escalations;
    private final ActionDecisions decisions;

    public ChatRoutes(AiRuntime runtime, ChatService chat, ChatStore store, Presets presets, SafeMarkdown markdown,
                      Escalations escalations) {
        this(runtime, chat, store, presets, markdown, escalations, null);
    }

    /** With assistant actions: action cards in conversations, and their confirm and decline routes. */
    public ChatRoutes(AiRuntime runtime, ChatService chat, ChatStore store, Presets presets, SafeMarkdown markdown,
                      Escalations escalations, ActionDecisions decisions) {
        this.decisions = decisions;
        this.runtime = runtime;
        this.escalations = escalations;
        this.chat = chat;
        this.store = store;
        this.presets = presets;
        this.shapes = new ChatJson(json, markdown);
        this.markdown = markdown;
    }

    public void register(Registrar registrar) {
        route(registrar, HttpMethod.GET, "/api/ai/chat", this::list);
        route(registrar, HttpMethod.POST, "/api/ai/chat", this::create);
        route(registrar, HttpMethod.POST, "/api/ai/chat/message", this::message);
        route(registrar, HttpMethod.POST, "/api/ai/chat/stop", this::stop);
        route(registrar, HttpMethod.GET, "/api/ai/chat-presets", this::presetList);
        route(registrar, HttpMethod.GET, "/api/ai/chat/{id}", this::show);
        route(registrar, HttpMethod.PATCH, "/api/ai/chat/{id}", this::rename);
        route(registrar, HttpMethod.DELETE, "/api/ai/chat/{id}", this::delete);
        route(registrar, HttpMethod.GET, "/api/ai/chat/{id}/export", this::export);
        route(registrar, HttpMethod.POST, "/api/ai/chat/{id}/escalate", this::escalate);
        if (decisions != null) {
            route(registrar, HttpMethod.POST, "/api/ai/chat/actions/{id}/confirm", r -> decide(r, true));
            route(registrar, HttpMethod.POST, "/api/ai/chat/actions/{id}/decline", r -> decide(r, false));
        }
        registrar.route(Route.of(Area.CLIENT, HttpMethod.GET, "/ai/chat/{id}", this::page).requires(PERMISSION)
                .when(() -> runtime.config().on(runtime.config().features().chatSupport())));
    }

    /** A conversation as a page (a permalink, printable); the same 404 as the API for others' ids. */
    private void page(Request r) {
        Conversation c = owned(r);
        var html = new StringBuilder("<link rel=\"stylesheet\" href=\"/ai/assets/ai-chat.css\"><h1>")
                .append(Html.escape(c.title())).append("</h1><section class=\"ai-chat-transcript\">");
        var cards = actions(c).stream().collect(java.util.stream.Collectors.groupingBy(
                dev.talon.ai.actions.PendingAction::messageId));
        for (StoredMessage m : store.messages(c.id())) {
            if (!m.shownToPeople() && !cards.containsKey(m.id())) {
                continue;
            }
            html.append("<article class=\"ai-msg ai-msg-").append(Html.escape(m.role())).append("\" data-status=\"")
                    .append(Html.escape(m.status())).append("\"><div class=\"ai-text\">")
                    .append(m.role().equals("user") ? Html.escape(m.content()) : markdown.render(m.content()))
                    .append("</div>");
            if (!StoredMessage.COMPLETE.equals(m.status())) {
                html.append("<div class=\"ai-meta\"><span class=\"ai-status ai-status-").append(Html.escape(m.status()))
                        .append("\">").append(Html.escape(m.status())).append("</span> ")
                        .append(Html.escape(m.error() == null ? "" : m.error())).append("</div>");
            }
            for (var a : cards.getOrDefault(m.id(), java.util.List.of())) {
                html.append("<div class=\"ai-action\" data-status=\"").append(Html.escape(a.status())).append("\"><strong>")
                        .append(Html.escape(a.summary())).append("</strong> <span class=\"ai-action-state\">")
                        .append(Html.escape(a.status())).append("</span>");
                a.arguments().forEach((k, v) -> html.append("<div><code>").append(Html.escape(k)).append("</code>: ")
                        .append(Html.escape(v)).append("</div>"));
                html.append("</div>");
            }
            html.append("</article>");
        }
        html.append("</section><p><a href=\"/api/ai/chat/").append(c.id()).append("/export?format=markdown\">Export Markdown</a> · ")
                .append("<a href=\"/api/ai/chat/").append(c.id()).append("/export?format=json\">Export JSON</a></p>");
        r.renderPage(c.title(), new Html(html.toString()));
    }

    private void route(Registrar registrar, HttpMethod method, String path, RouteHandler handler) {
        registrar.route(Route.of(Area.API, method, path, handler).requires(PERMISSION)
                .when(() -> runtime.config().on(runtime.config().features().chatSupport())));
    }

    private void list(Request r) {
        ObjectNode out = json.createObjectNode();
        var data = out.putArray("data");
        store.list(r.user().id(), r.ctx().queryParam("search"), 200).forEach(c -> data.add(shapes.summary(c)));
        r.ctx().contentType("application/json").result(out.toString());
    }

    private void create(Request r) {
        JsonNode body = body(r);
        String preset = text(body, "preset");
        String id = preset == null ? Presets.BUILT_IN.getFirst().id() : preset;
        if (presets.find(id).isEmpty()) {
            throw new BadRequestResponse("There is no preset \"" + id + "\".");
        }
        String title = text(body, "title");
        Conversation c = store.create(r.user().id(), title == null || title.isBlank() ? "New conversation" : title.strip(), id);
        r.ctx().status(201).contentType("application/json").result(shapes.summary(c).toString());
    }

    private void show(Request r) {
        Conversation c = owned(r);
        r.ctx().contentType("application/json").result(shapes.conversation(c, store.messages(c.id()), actions(c)).toString());
    }

    private void rename(Request r) {
        Conversation c = owned(r);
        String title = text(body(r), "title");
        if (title == null || title.isBlank()) {
            throw new BadRequestResponse("A title is required.");
        }
        store.rename(r.user().id(), c.id(), title.strip());
        r.ctx().contentType("application/json").result(shapes.summary(owned(r)).toString());
    }

    private void delete(Request r) {
        if (!store.delete(r.user().id(), id(r))) {
            throw new NotFoundResponse("There is no such conversation.");
        }
        r.ctx().status(204);
    }

    private void export(Request r) {
        Conversation c = owned(r);
        var messages = store.messages(c.id());
        String format = r.ctx().queryParam("format");
        String name = "conversation-" + c.id();
        if ("json".equals(format)) {
            r.ctx().header("Content-Disposition", "attachment; filename=\"" + name + ".json\"")
                    .contentType("application/json").result(shapes.conversation(c, messages).toPrettyString());
            return;
        }
        r.ctx().header("Content-Disposition", "attachment; filename=\"" + name + ".md\"")
                .contentType("text/markdown; charset=utf-8").result(ChatExport.markdown(c, messages));
    }

    private void escalate(Request r) {
        try {
            Escalations.Ticket t = escalations.escalate(r.user(), id(r));
            r.ctx().status(201).contentType("application/json").result(json.createObjectNode().put("ticket_id", t.id())
                    .put("conversation_id", t.conversationId()).put("category", t.category()).put("urgency", t.urgency())
                    .put("status", t.status()).toString());
        } catch (ChatService.ConversationNotFound e) {
            throw new NotFoundResponse(e.getMessage());
        }
    }

    private java.util.List<dev.talon.ai.actions.PendingAction> actions(Conversation c) {
        return decisions == null ? java.util.List.of() : decisions.forConversation(c.id());
    }

    /** Confirm or Decline on a card: only the conversation's owner, only once (else 404 / 409). */
    private void decide(Request r, boolean confirm) {
        long id;
        try {
            id = Long.parseLong(r.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFoundResponse("There is no such action.");
        }
        try {
            ActionDecisions.Decision d = decisions.decide(r.user(), id, confirm, r.ctx().ip());
            ObjectNode out = json.createObjectNode().put("resume", d.resume());
            out.set("action", shapes.action(d.action()));
            r.ctx().contentType("application/json").result(out.toString());
        } catch (ChatService.ConversationNotFound e) {
            throw new NotFoundResponse("There is no such action.");
        } catch (dev.talon.ai.actions.ActionExecutor.NotPending e) {
            if (!e.exists()) {
                throw new NotFoundResponse("There is no such action.");
            }
            throw new HttpResponseException(409, e.getMessage(), Map.of());
        }
    }

    private void stop(Request r) {
        boolean stopped = chat.stop(r.user().id());
        r.ctx().contentType("application/json").result(json.createObjectNode().put("stopped", stopped).toString());
    }

    private void presetList(Request r) {
        ObjectNode out = json.createObjectNode();
        var data = out.putArray("data");
        presets.all().forEach(p -> data.add(json.createObjectNode().put("id", p.id()).put("name", p.name())
                .put("description", p.description()).put("model", Presets.modelOf(p, runtime.config()))));
        r.ctx().contentType("application/json").result(out.toString());
    }

    private void message(Request r) throws IOException {
        JsonNode body = body(r);
        Long conversationId = body.hasNonNull("conversation_id") ? body.get("conversation_id").asLong() : null;
        var send = new ChatService.Send(text(body, "message"), conversationId, text(body, "server_id"), text(body, "preset"),
                text(body, "page"), body.path("context").asBoolean(false), body.path("regenerate").asBoolean(false),
                body.path("resume").asBoolean(false));
        boolean stream = body.path("stream").asBoolean(false);
        try {
            if (stream) {
                streamed(r, send);
            } else {
                whole(r, send);
            }
        } catch (ChatRefused e) {
            throw new HttpResponseException(e.status(), e.getMessage(),
                    e.retryAfterSeconds() > 0 ? Map.of("Retry-After", String.valueOf(e.retryAfterSeconds())) : Map.of());
        } catch (ChatService.ConversationNotFound e) {
            throw new NotFoundResponse(e.getMessage());
        }
    }

    private void streamed(Request r, ChatService.Send send) throws IOException {
        var res = r.ctx().res();
        OutputStream[] out = {null};
        ChatService.Outcome outcome = chat.send(r.user(), send, new ChatService.Sink() {
            @Override
            public void started(Conversation conversation) throws IOException {
                res.setStatus(200);
                res.setContentType("application/x-ndjson; charset=utf-8");
                res.setHeader("Cache-Control", "no-cache");
                res.setHeader("X-Accel-Buffering", "no");
                out[0] = res.getOutputStream();
                out[0].write(shapes.line(json.createObjectNode().put("type", "start").put("conversation_id", conversation.id())
                        .put("title", conversation.title())));
                out[0].flush();
            }

            @Override
            public void token(String text) throws IOException {
                out[0].write(shapes.line(shapes.token(text)));
                out[0].flush();
            }

            @Override
            public void action(dev.talon.ai.actions.PendingAction action) throws IOException {
                ObjectNode line = json.createObjectNode().put("type", "action");
                line.set("action", shapes.action(action));
                out[0].write(shapes.line(line));
                out[0].flush();
            }
        });
        try {
            out[0].write(shapes.line(shapes.end(outcome)));
            out[0].flush();
        } catch (IOException gone) {
            // The reader left (stop); the answer is stored as stopped already.
        }
    }

    private void whole(Request r, ChatService.Send send) throws IOException {
        ChatService.Outcome o = chat.send(r.user(), send, text -> { });
        ObjectNode out = json.createObjectNode().put("conversation_id", o.conversation().id());
        ObjectNode message = shapes.message(o.answer());
        out.set("message", message);
        out.set("usage", shapes.usage(o.usage()));
        if (!o.actions().isEmpty()) {
            var list = out.putArray("actions");
            o.actions().forEach(a -> list.add(shapes.action(a)));
        }
        if (o.error() != null) {
            out.put("error", o.error());
            r.ctx().status(o.answer().content().isEmpty() && o.error().contains("offline") ? 503 : 502);
        }
        r.ctx().contentType("application/json").result(out.toString());
    }

    private Conversation owned(Request r) {
        return store.find(r.user().id(), id(r)).orElseThrow(() -> new NotFoundResponse("There is no such conversation."));
    }

    private static long id(Request r) {
        try {
            return Long.parseLong(r.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFoundResponse("There is no such conversation.");
        }
    }

    private JsonNode body(Request r) {
        String raw = r.ctx().body();
        if (raw.isBlank()) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(raw.getBytes(StandardCharsets.UTF_8));
            if (!node.isObject()) {
                throw new BadRequestResponse("The body must be a JSON object.");
            }
            return node;
        } catch (IOException e) {
            throw new BadRequestResponse("The body is not valid JSON.");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
