package dev.talon.ai.gateway;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per API key per minute, as a sliding log. Keys are identified by a hash of the bearer
 * token, never the token itself. Thread-safe; idle keys are forgotten.
 */
final class KeyRateLimit {

    private static final long WINDOW_MS = 60_000;

    private final Clock clock;
    private final Map<String, ArrayDeque<Long>> calls = new ConcurrentHashMap<>();

    KeyRateLimit(Clock clock) {
        this.clock = clock;
    }

    /** Counts one call; returns 0 when allowed, else the seconds until the next call is. */
    long acquire(String key, int perMinute) {
        long now = clock.millis();
        long[] wait = {0};
        calls.compute(key, (k, log) -> {
            ArrayDeque<Long> l = log == null ? new ArrayDeque<>() : log;
            while (!l.isEmpty() && l.peekFirst() <= now - WINDOW_MS) {
                l.removeFirst();
            }
            if (l.size() >= perMinute) {
                wait[0] = Math.max(1, (l.peekFirst() + WINDOW_MS - now + 999) / 1000);
            } else {
                l.addLast(now);
            }
            return l;
        });
        if (calls.size() > 10_000) {
            calls.entrySet().removeIf(e -> e.getValue().isEmpty());
        }
        return wait[0];
    }
}
