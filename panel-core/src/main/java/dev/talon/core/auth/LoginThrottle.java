package dev.talon.core.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed sign-ins per account and address: after {@code limit} failures within the window,
 * further attempts are refused until the oldest failure leaves the window.
 *
 * <p>State is per panel instance and in memory: it guards against guessing, it is not an audit
 * trail (the activity log is). Thread-safe; entries expire as they are touched, and
 * {@link #purge()} drops idle keys.
 */
public final class LoginThrottle {

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final ConcurrentHashMap<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** Seconds until another attempt is allowed, or 0 when it is allowed now. */
    public long retryAfterSeconds(String email, String ip) {
        Deque<Long> times = failures.get(key(email, ip));
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            long now = clock.millis();
            prune(times, now);
            if (times.size() < limit) {
                return 0;
            }
            long wait = times.peekFirst() + window.toMillis() - now;
            return Math.max(1, (wait + 999) / 1000);
        }
    }

    public void recordFailure(String email, String ip) {
        Deque<Long> times = failures.computeIfAbsent(key(email, ip), k -> new ArrayDeque<>());
        synchronized (times) {
            long now = clock.millis();
            prune(times, now);
            times.addLast(now);
        }
    }

    public void recordSuccess(String email, String ip) {
        failures.remove(key(email, ip));
    }

    public void purge() {
        long now = clock.millis();
        failures.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                prune(e.getValue(), now);
                return e.getValue().isEmpty();
            }
        });
    }

    private void prune(Deque<Long> times, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - window.toMillis()) {
            times.removeFirst();
        }
    }

    private static String key(String email, String ip) {
        return (email == null ? "" : email.trim().toLowerCase(Locale.ROOT)) + "|" + ip;
    }
}
