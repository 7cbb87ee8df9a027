package dev.talon.ai.help;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One embedding per passage (index = the passage's ordinal), searched by cosine similarity with a
 * plain scan: the help corpus is small, and 10,000 × 768 floats scan in a few milliseconds.
 * Immutable; vectors are normalised once when built.
 *
 * @param model the embedding model that made the vectors; a query must be embedded by the same one
 */
public record VectorIndex(String model, List<float[]> vectors) {

    public VectorIndex {
        vectors = vectors.stream().map(VectorIndex::normalised).toList();
    }

    /** Ordinals of the {@code k} passages closest to {@code query}, best first. */
    public List<Integer> nearest(float[] query, int k) {
        float[] q = normalised(query);
        record Scored(int ordinal, float score) {}
        List<Scored> all = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            float[] v = vectors.get(i);
            if (v.length != q.length) {
                continue;
            }
            float dot = 0;
            for (int j = 0; j < v.length; j++) {
                dot += v[j] * q[j];
            }
            all.add(new Scored(i, dot));
        }
        all.sort(Comparator.comparingDouble(Scored::score).reversed());
        return all.stream().limit(k).map(Scored::ordinal).toList();
    }

    private static float[] normalised(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float[] out = v.clone();
        if (norm > 0) {
            float inv = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < out.length; i++) {
                out[i] *= inv;
            }
        }
        return out;
    }
}
