package dev.talon.ai.help;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VectorIndexTest {

    @Test
    void nearest_returns_the_k_most_similar_passages_best_first_as_a_full_sort_would() {
        Random random = new Random(3);
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            vectors.add(vector(random, 16));
        }
        var index = new VectorIndex("m", vectors);
        for (int round = 0; round < 20; round++) {
            float[] q = vector(random, 16);
            List<Integer> expected = IntStream.range(0, vectors.size()).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> -cosine(vectors.get(i), q))).limit(20).toList();
            assertEquals(expected, index.nearest(q, 20));
        }
    }

    @Test
    void fewer_passages_than_k_and_vectors_of_another_size_are_handled() {
        var index = new VectorIndex("m", List.of(new float[] {1, 0}, new float[] {0, 1, 0}, new float[] {0.6f, 0.8f}));
        assertEquals(List.of(0, 2), index.nearest(new float[] {1, 0.1f}, 5));
        assertEquals(List.of(), index.nearest(new float[] {1, 0}, 0));
    }

    private static float[] vector(Random random, int dims) {
        float[] v = new float[dims];
        for (int i = 0; i < dims; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
