package dev.talon.ai.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.ai.actions.PendingAction;
import dev.talon.ai.markdown.SafeMarkdown;
import java.util.List;

/** The chat API's JSON shapes, in one place. Messages carry {@code html}: the sanitised rendering. */
final class ChatJson {

    private final ObjectMapper json;
    private final SafeMarkdown markdown;

    ChatJson(ObjectMapper json, SafeMarkdown markdown) {
        this.json = json;
        this.markdown = markdown;
    }

    ObjectNode summary(Conversation c) {
        return json.createObjectNode().put("id", c.id()).put("title", c.title()).put("preset", c.preset())
                .put("created_at", c.createdAt()).put("updated_at", c.updatedAt());
    }

    ObjectNode conversation(Conversation c, List<StoredMessage> messages) {
        return conversation(c, messages, List.of());
    }

    /** The messages people see, each assistant message with the action cards it proposed. */
    ObjectNode conversation(Conversation c, List<StoredMessage> messages, List<PendingAction> actions) {
        ObjectNode out = summary(c);
        var array = out.putArray("messages");
        var byMessage = actions.stream().collect(java.util.stream.Collectors.groupingBy(PendingAction::messageId));
        for (StoredMessage m : messages) {
            List<PendingAction> cards = byMessage.getOrDefault(m.id(), List.of());
            if (!m.shownToPeople() && cards.isEmpty()) {
                continue;
            }
            ObjectNode node = message(m);
            if (!cards.isEmpty()) {
                var list = node.putArray("actions");
                cards.forEach(a -> list.add(action(a)));
            }
            array.add(node);
        }
        return out;
    }

    /** An action card: what, on which server, with which arguments, and its state. */
    ObjectNode action(PendingAction a) {
        ObjectNode out = json.createObjectNode().put("id", a.id()).put("tool", a.tool()).put("summary", a.summary())
                .put("server_uuid", a.serverUuid()).put("server_name", a.serverName()).put("status", a.status());
        var args = out.putObject("arguments");
        a.arguments().forEach(args::put);
        if (a.result() != null) {
            out.put("result", a.result());
        }
        return out;
    }

    ObjectNode message(StoredMessage m) {
        ObjectNode out = json.createObjectNode().put("id", m.id()).put("role", m.role()).put("content", m.content())
                .put("html", markdown.render(m.content())).put("status", m.status()).put("model", m.model())
                .put("created_at", m.createdAt());
        if (m.error() != null) {
            out.put("error", m.error());
        }
        if (m.contextUsed() != null) {
            out.put("context", m.contextUsed());
        }
        return out;
    }

    ObjectNode usage(ChatService.Usage u) {
        ObjectNode out = json.createObjectNode().put("model", u.model()).put("duration_ms", u.durationMs());
        if (u.promptTokens() != null) {
            out.put("prompt_tokens", u.promptTokens());
        }
        if (u.completionTokens() != null) {
            out.put("completion_tokens", u.completionTokens());
        }
        if (u.ttftMs() != null) {
            out.put("ttft_ms", u.ttftMs());
        }
        return out;
    }

    ObjectNode token(String text) {
        return json.createObjectNode().put("type", "token").put("content", text);
    }

    /** The stream's last line: {@code done} (complete or stopped) or {@code error}, with the stored answer. */
    ObjectNode end(ChatService.Outcome o) {
        ObjectNode out = json.createObjectNode();
        if (o.error() != null) {
            out.put("type", "error").put("error", o.error());
        } else {
            out.put("type", "done");
        }
        out.put("conversation_id", o.conversation().id()).put("message_id", o.answer().id())
                .put("status", o.answer().status()).put("html", markdown.render(o.answer().content()));
        if (o.answer().contextUsed() != null) {
            out.put("context", o.answer().contextUsed());
        }
        out.set("usage", usage(o.usage()));
        if (!o.actions().isEmpty()) {
            var list = out.putArray("actions");
            o.actions().forEach(a -> list.add(action(a)));
        }
        return out;
    }

    byte[] line(ObjectNode node) {
        try {
            byte[] bytes = json.writeValueAsBytes(node);
            byte[] out = java.util.Arrays.copyOf(bytes, bytes.length + 1);
            out[bytes.length] = '\n';
            return out;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
