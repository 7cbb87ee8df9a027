package dev.talon.ai.help;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HelpForChatTest {

    private final HelpForChat chat = new HelpForChat(HelpCentreFixture.bm25Only(BundledArticles.load()));

    @Test
    void a_how_to_question_is_grounded_in_numbered_help_passages_with_links() {
        String grounding = chat.grounding("How do I restore a backup of my world?");
        assertTrue(grounding.startsWith("Help passages:\n[1] Backups and schedules"), grounding);
        assertTrue(grounding.contains("(/ai/help/backups-and-schedules#"), grounding);
    }

    @Test
    void small_talk_gets_no_help_passages() {
        assertNull(chat.grounding("thanks, that was great"));
        assertFalse(HelpForChat.howTo("hello there"));
    }

    @Test
    void offered_articles_link_to_the_best_matching_sections() {
        var articles = chat.articles("my server says address already in use");
        assertEquals("Common crash causes", articles.getFirst().title());
        assertEquals("/ai/help/crash-causes#port-already-in-use-address-already-in-use", articles.getFirst().href());
    }
}
