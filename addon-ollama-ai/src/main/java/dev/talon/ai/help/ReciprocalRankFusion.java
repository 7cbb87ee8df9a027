package dev.talon.ai.help;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack et al., 2009): each ranking gives an item {@code 1 / (k + rank)},
 * ranks counted from 1; items are ordered by the sum. Only ranks matter, so BM25 scores and cosine
 * similarities need no common scale. {@code k = 60} is the paper's constant.
 */
public final class ReciprocalRankFusion {

    public static final int K = 60;

    private ReciprocalRankFusion() {}

    /** The fused order of the items of all rankings, best first; ties keep first-seen order. */
    public static List<Integer> fuse(List<List<Integer>> rankings) {
        Map<Integer, Double> score = new HashMap<>();
        List<Integer> seen = new ArrayList<>();
        for (List<Integer> ranking : rankings) {
            for (int r = 0; r < ranking.size(); r++) {
                Integer item = ranking.get(r);
                if (!score.containsKey(item)) {
                    seen.add(item);
                }
                score.merge(item, 1.0 / (K + r + 1), Double::sum);
            }
        }
        List<Integer> out = new ArrayList<>(seen);
        out.sort((a, b) -> Double.compare(score.get(b), score.get(a)));
        return out;
    }
}
