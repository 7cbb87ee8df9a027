package dev.talon.ai.help;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Splits Markdown into passages: one or more per section ({@code ## } heading), each at most
 * {@code maxWords} words, consecutive passages of a long section sharing {@code overlapWords} words
 * so that an answer spanning a cut is still found whole in one of them. Each passage starts with
 * its section heading, which carries much of the meaning for retrieval.
 */
public final class Chunker {

    private final int maxWords;
    private final int overlapWords;

    public Chunker(int maxWords, int overlapWords) {
        if (maxWords < 10 || overlapWords < 0 || overlapWords >= maxWords) {
            throw new IllegalArgumentException("Chunks need maxWords >= 10 and 0 <= overlap < maxWords, not "
                    + maxWords + "/" + overlapWords);
        }
        this.maxWords = maxWords;
        this.overlapWords = overlapWords;
    }

    /** Passages of all documents, numbered from 0 in order. */
    public List<Chunk> chunk(List<HelpDocument> documents) {
        List<Chunk> out = new ArrayList<>();
        for (HelpDocument d : documents) {
            for (Section s : sections(d)) {
                String[] words = s.body.toString().strip().split("\\s+");
                if (words.length == 1 && words[0].isEmpty()) {
                    continue;
                }
                int step = maxWords - overlapWords;
                for (int from = 0; ; from += step) {
                    int to = Math.min(words.length, from + maxWords);
                    out.add(new Chunk(out.size(), d, s.heading,
                            s.heading + "\n" + String.join(" ", Arrays.copyOfRange(words, from, to))));
                    if (to == words.length) {
                        break;
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    private record Section(String heading, StringBuilder body) {}

    private static List<Section> sections(HelpDocument d) {
        List<Section> sections = new ArrayList<>();
        Section current = new Section(d.title(), new StringBuilder());
        sections.add(current);
        for (String line : d.markdown().split("\\R")) {
            if (line.startsWith("# ")) {
                continue;
            }
            if (line.startsWith("## ")) {
                current = new Section(line.substring(3).strip(), new StringBuilder());
                sections.add(current);
            } else {
                current.body.append(line).append('\n');
            }
        }
        return sections;
    }

    /** The HTML id of a heading, as the article page writes it. */
    public static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
