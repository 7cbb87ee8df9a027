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
        if (k <= 0) {
            return List.of();
        }
        float[] q = normalised(query);
        // A bounded min-heap keeps the best k while scanning: no list of every score to sort.
        int[] heapOrdinal = new int[k];
        float[] heapScore = new float[k];
        int size = 0;
        for (int i = 0; i < vectors.size(); i++) {
            float[] v = vectors.get(i);
            if (v.length != q.length) {
                continue;
            }
            float dot = 0;
            for (int j = 0; j < v.length; j++) {
                dot += v[j] * q[j];
            }
            if (size < k) {
                heapOrdinal[size] = i;
                heapScore[size] = dot;
                siftUp(heapOrdinal, heapScore, size++);
            } else if (dot > heapScore[0]) {
                heapOrdinal[0] = i;
                heapScore[0] = dot;
                siftDown(heapOrdinal, heapScore, size);
            }
        }
        record Scored(int ordinal, float score) {}
        List<Scored> best = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            best.add(new Scored(heapOrdinal[i], heapScore[i]));
        }
        best.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparingInt(Scored::ordinal));
        return best.stream().map(Scored::ordinal).toList();
    }

    private static void siftUp(int[] ordinal, float[] score, int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (score[parent] <= score[i]) {
                return;
            }
            swap(ordinal, score, i, parent);
            i = parent;
        }
    }

    private static void siftDown(int[] ordinal, float[] score, int size) {
        int i = 0;
        while (true) {
            int left = 2 * i + 1;
            int smallest = i;
            if (left < size && score[left] < score[smallest]) {
                smallest = left;
            }
            if (left + 1 < size && score[left + 1] < score[smallest]) {
                smallest = left + 1;
            }
            if (smallest == i) {
                return;
            }
            swap(ordinal, score, i, smallest);
            i = smallest;
        }
    }

    private static void swap(int[] ordinal, float[] score, int a, int b) {
        int o = ordinal[a];
        ordinal[a] = ordinal[b];
        ordinal[b] = o;
        float s = score[a];
        score[a] = score[b];
        score[b] = s;
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
