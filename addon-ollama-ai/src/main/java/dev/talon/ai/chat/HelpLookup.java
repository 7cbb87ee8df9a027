package dev.talon.ai.chat;

import java.util.List;

/**
 * The help centre as the assistant sees it: passages that ground a how-to answer, and articles to
 * offer when the model can't be reached. Implemented by {@code dev.talon.ai.help.HelpForChat}; the
 * chat package does not depend on the help centre's internals.
 */
public interface HelpLookup {

    /** An article offered to the user. */
    record Article(String title, String href) {}

    /** Nothing to look up (tests, or the help centre disabled). */
    HelpLookup NONE = new HelpLookup() {
        @Override
        public String grounding(String message) {
            return null;
        }

        @Override
        public List<Article> articles(String message) {
            return List.of();
        }
    };

    /** Help passages for the prompt when {@code message} is a how-to question, or null. */
    String grounding(String message);

    /** The best articles for {@code message}, found without the model (BM25). */
    List<Article> articles(String message);
}
