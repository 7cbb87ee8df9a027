package dev.talon.ai.chat;

import java.time.Instant;
import java.util.List;

/** A conversation as a Markdown document, for "export". */
final class ChatExport {

    private ChatExport() {}

    static String markdown(Conversation c, List<StoredMessage> messages) {
        var out = new StringBuilder("# ").append(c.title().replace("\n", " ")).append("\n\n");
        out.append("_Exported from Talon · preset ").append(c.preset()).append(" · started ")
                .append(Instant.ofEpochMilli(c.createdAt())).append("_\n\n");
        for (StoredMessage m : messages) {
            if (!m.shownToPeople()) {
                continue; // tool calls and results were for the model
            }
            String who = switch (m.role()) {
                case "user" -> "You";
                case "support" -> "Support team";
                default -> "Assistant" + (m.model() == null ? "" : " (" + m.model() + ")");
            };
            out.append("## ").append(who);
            if (!StoredMessage.COMPLETE.equals(m.status())) {
                out.append(" — ").append(m.status());
            }
            out.append("\n\n").append(m.content()).append("\n\n");
            if (m.error() != null) {
                out.append("> ").append(m.error()).append("\n\n");
            }
        }
        return out.toString();
    }
}
