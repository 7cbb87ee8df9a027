package dev.talon.ai.help;

import dev.talon.ai.chat.HelpLookup;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The assistant's view of the help centre: a message that reads like a how-to question is grounded
 * in the best passages (the same retrieval as {@code /ai/help}); with the model unreachable, the
 * best articles are offered instead.
 */
public final class HelpForChat implements HelpLookup {

    private static final Pattern HOW_TO = Pattern.compile(
            "(?i)\\b(how (do|can|to|should|much|many)|what (is|are|does|do|should)|why (does|is|do|did|won'?t|can'?t)"
                    + "|where (do|can|is|are)|can i|should i|is it (safe|possible)|help me|i need to|crash|lag|backup|restore)\\b");
    private static final int PASSAGES = 3;

    private final HelpCentre help;

    public HelpForChat(HelpCentre help) {
        this.help = help;
    }

    static boolean howTo(String message) {
        return message != null && HOW_TO.matcher(message).find();
    }

    @Override
    public String grounding(String message) {
        if (!howTo(message)) {
            return null;
        }
        List<Chunk> passages = help.search(message, PASSAGES).passages().stream().limit(PASSAGES).toList();
        return passages.isEmpty() ? null : HelpAnswers.context(passages);
    }

    @Override
    public List<Article> articles(String message) {
        return help.search(message, 3).articles().stream()
                .map(r -> new Article(r.document().title(), r.best().href()))
                .toList();
    }
}
