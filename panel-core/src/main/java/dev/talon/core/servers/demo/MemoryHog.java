package dev.talon.core.servers.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The demo's slow "memory leak": retains filled byte arrays so resident memory really grows,
 * up to half of the maximum heap, then stops (the demo is not meant to die of it).
 * Used by the server thread only.
 */
final class MemoryHog {

    private static final int BLOCK = 64 * 1024;

    private final List<byte[]> retained = new ArrayList<>();
    private final long cap = Runtime.getRuntime().maxMemory() / 2;
    private long retainedBytes;

    /** Grows to {@code targetBytes} (bounded by the cap). */
    void growTo(long targetBytes) {
        long target = Math.min(targetBytes, cap);
        while (retainedBytes + BLOCK <= target) {
            byte[] block = new byte[BLOCK];
            for (int i = 0; i < block.length; i += 512) {
                block[i] = (byte) i; // touch every page so it counts in RSS
            }
            retained.add(block);
            retainedBytes += BLOCK;
        }
    }

    long retainedBytes() {
        return retainedBytes;
    }
}
