package dev.talon.core.servers.node.console;

import java.util.ArrayList;
import java.util.List;

/** The last {@code capacity} console lines, oldest first. Not thread-safe; {@link ConsoleHub} guards it. */
final class ConsoleBuffer {

    private final ConsoleEntry[] ring;
    private int next;
    private int size;

    ConsoleBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.ring = new ConsoleEntry[capacity];
    }

    void add(ConsoleEntry entry) {
        ring[next] = entry;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    List<ConsoleEntry> snapshot() {
        List<ConsoleEntry> copy = new ArrayList<>(size);
        int start = (next - size + ring.length) % ring.length;
        for (int i = 0; i < size; i++) {
            copy.add(ring[(start + i) % ring.length]);
        }
        return copy;
    }
}
