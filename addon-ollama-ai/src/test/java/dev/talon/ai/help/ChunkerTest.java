package dev.talon.ai.help;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChunkerTest {

    private static HelpDocument doc(String markdown) {
        return HelpDocument.of("doc", markdown, true);
    }

    @Test
    void a_long_section_is_split_into_passages_that_share_the_overlap_words() {
        String words = IntStream.range(0, 50).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        List<Chunk> chunks = new Chunker(20, 5).chunk(List.of(doc("# T\n\n## Long part\n" + words)));
        assertEquals(3, chunks.size(), chunks.toString()); // 0-19, 15-34, 30-49
        assertTrue(chunks.get(0).text().endsWith("w19"));
        assertTrue(chunks.get(1).text().startsWith("Long part\nw15 "), chunks.get(1).text());
        assertTrue(chunks.get(2).text().startsWith("Long part\nw30 ") && chunks.get(2).text().endsWith("w49"));
    }

    @Test
    void each_section_starts_its_own_passage_headed_by_its_heading_and_links_to_its_anchor() {
        List<Chunk> chunks = new Chunker(100, 10).chunk(List.of(doc("# Title\nintro text\n## Port already in use\nbind\n## Out of memory\nheap")));
        assertEquals(List.of("Title", "Port already in use", "Out of memory"), chunks.stream().map(Chunk::heading).toList());
        assertEquals("/ai/help/doc#port-already-in-use", chunks.get(1).href());
        assertEquals(List.of(0, 1, 2), chunks.stream().map(Chunk::ordinal).toList());
    }

    @Test
    void empty_sections_make_no_passage_and_bad_sizes_are_refused() {
        assertEquals(1, new Chunker(100, 10).chunk(List.of(doc("# T\n## Empty\n\n## Full\ntext"))).size());
        assertThrows(IllegalArgumentException.class, () -> new Chunker(20, 20));
    }

    @Test
    void the_bundled_articles_have_several_sections_each() {
        var docs = BundledArticles.load();
        assertEquals(6, docs.size());
        for (HelpDocument d : docs) {
            long sections = d.markdown().lines().filter(l -> l.startsWith("## ")).count();
            assertTrue(sections >= 4, d.slug() + " has " + sections + " sections");
        }
    }
}
