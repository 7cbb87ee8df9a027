package dev.talon.ai.analysis.logs;

/**
 * The miner's fast path: a 64-bit FNV-1a hash of an event's masked pieces, so an event whose shape
 * was seen before is found without building any string. Masks and token ends mix in values no
 * character has. Allocation-free; not thread-safe (one per miner).
 */
final class ShapeHash implements Masker.Sink {

    private long hash;

    void reset() {
        hash = 0xcbf29ce484222325L;
    }

    /** Separates the message from its stack trace's exception line. */
    void mark() {
        mix(0x2FFFF);
    }

    long value() {
        return hash;
    }

    private void mix(int v) {
        hash = (hash ^ v) * 0x100000001b3L;
    }

    @Override
    public void literal(char[] s, int from, int to) {
        long h = hash;
        for (int i = from; i < to; i++) {
            h = (h ^ s[i]) * 0x100000001b3L;
        }
        hash = h;
    }

    @Override
    public void mask(String mask) {
        mix(0x10000 + mask.charAt(1)); // masks differ in their first letter
    }

    @Override
    public void endToken() {
        mix(0x1FFFF);
    }
}
