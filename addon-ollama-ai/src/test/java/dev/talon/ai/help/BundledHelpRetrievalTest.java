package dev.talon.ai.help;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 2 of issue 8: for a labelled set of questions about the bundled articles
 * ({@code help/questions.tsv}), BM25 alone puts the right article in the top 3 for at least 90%.
 */
class BundledHelpRetrievalTest {

    record Labelled(String question, String slug) {}

    @Test
    void bm25_alone_puts_the_right_article_in_the_top_three_for_at_least_90_percent_of_the_labelled_questions() throws IOException {
        List<Labelled> questions = questions();
        assertTrue(questions.size() >= 30, "the labelled set needs at least 30 questions, has " + questions.size());
        HelpCentre help = HelpCentreFixture.bm25Only(BundledArticles.load());
        int hits = 0;
        List<String> misses = new ArrayList<>();
        for (Labelled q : questions) {
            HelpCentre.Search s = help.search(q.question(), 3);
            assertTrue(s.mode() == HelpCentre.Mode.BM25);
            if (s.articles().stream().anyMatch(a -> a.document().slug().equals(q.slug()))) {
                hits++;
            } else {
                misses.add(q.question() + " → expected " + q.slug() + ", got "
                        + s.articles().stream().map(a -> a.document().slug()).toList());
            }
        }
        double score = (double) hits / questions.size();
        System.out.printf("Help retrieval, BM25 only: right article in top 3 for %d of %d questions (%.1f%%)%n",
                hits, questions.size(), score * 100);
        misses.forEach(m -> System.out.println("  miss: " + m));
        assertTrue(score >= 0.9, String.format("top-3 accuracy %.1f%% is below 90%%; misses:%n%s", score * 100,
                String.join("\n", misses)));
    }

    @Test
    void every_labelled_question_names_a_bundled_article() throws IOException {
        var slugs = BundledArticles.load().stream().map(HelpDocument::slug).toList();
        for (Labelled q : questions()) {
            assertTrue(slugs.contains(q.slug()), q.slug() + " is not a bundled article");
        }
    }

    static List<Labelled> questions() throws IOException {
        try (InputStream in = BundledHelpRetrievalTest.class.getResourceAsStream("/help/questions.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split("\t"))
                    .map(p -> new Labelled(p[0].strip(), p[1].strip()))
                    .toList();
        }
    }
}
