package dev.talon.ai.analysis.logs;

import java.util.Arrays;

/**
 * Shape hash → template, as an open-addressing table of primitive keys (no boxing on the miner's
 * hot path). Bounded: at {@code limit} entries it starts over empty, which costs only re-walking the
 * parse tree for shapes seen again. Not thread-safe (one per miner).
 */
final class ShapeCache {

    private final int limit;
    private long[] keys = new long[1024];
    private Cluster[] values = new Cluster[1024];
    private int size;

    ShapeCache(int limit) {
        this.limit = limit;
    }

    Cluster get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            Cluster v = values[i];
            if (v == null || keys[i] == key) {
                return v;
            }
        }
    }

    void put(long key, Cluster value) {
        if (size >= limit) {
            Arrays.fill(values, null);
            size = 0;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        insert(key, value);
    }

    private void insert(long key, Cluster value) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (values[i] != null && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (values[i] == null) {
            size++;
        }
        keys[i] = key;
        values[i] = value;
    }

    private void grow() {
        long[] oldKeys = keys;
        Cluster[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Cluster[oldValues.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                insert(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }
}
