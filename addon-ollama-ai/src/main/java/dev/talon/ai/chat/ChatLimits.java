package dev.talon.ai.chat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Per-user limits of the assistant: one answer streaming at a time, and at most N messages in a
 * sliding window. Also where "stop" finds the user's running answer.
 *
 * <p>Thread-safe. Memory: one small entry per user who chatted within the window.
 */
final class ChatLimits {

    static final Duration WINDOW = Duration.ofMinutes(5);

    /** The user's running turn; {@link #close()} frees the slot. */
    final class Turn implements AutoCloseable {
        private final long userId;
        private final AtomicReference<Runnable> onStop = new AtomicReference<>(() -> { });
        private volatile boolean stopRequested;

        private Turn(long userId) {
            this.userId = userId;
        }

        /** What "stop" does for this turn (cancel the upstream stream); runs at once if stop came first. */
        void onStop(Runnable action) {
            onStop.set(action);
            if (stopRequested) {
                action.run();
            }
        }

        boolean stopRequested() {
            return stopRequested;
        }

        void stop() {
            stopRequested = true;
            onStop.get().run();
        }

        @Override
        public void close() {
            active.remove(userId, this);
        }
    }

    private final Clock clock;
    private final Map<Long, Turn> active = new ConcurrentHashMap<>();
    private final Map<Long, ArrayDeque<Long>> sent = new ConcurrentHashMap<>();

    ChatLimits(Clock clock) {
        this.clock = clock;
    }

    /**
     * Takes the user's stream slot and counts one message.
     *
     * @throws ChatRefused 429 when an answer is still streaming or the rate is used up
     */
    Turn begin(long userId, int perWindow) {
        long now = clock.millis();
        long[] retry = {0};
        sent.compute(userId, (id, times) -> {
            ArrayDeque<Long> t = times == null ? new ArrayDeque<>() : times;
            while (!t.isEmpty() && t.peekFirst() <= now - WINDOW.toMillis()) {
                t.removeFirst();
            }
            if (t.size() >= perWindow) {
                retry[0] = Math.max(1, (t.peekFirst() + WINDOW.toMillis() - now + 999) / 1000);
            }
            return t;
        });
        if (retry[0] > 0) {
            throw new ChatRefused(429, "You have sent " + perWindow + " messages in the last " + WINDOW.toMinutes()
                    + " minutes, the most the assistant takes. Please try again in " + human(retry[0]) + ".", (int) retry[0]);
        }
        Turn turn = new Turn(userId);
        if (active.putIfAbsent(userId, turn) != null) {
            throw new ChatRefused(429, "The assistant is still answering your previous message. Stop it or wait for it to finish.", 2);
        }
        sent.computeIfPresent(userId, (id, t) -> {
            t.addLast(now);
            return t;
        });
        return turn;
    }

    /** Stops the user's running answer, if any; returns whether there was one. */
    boolean stop(long userId) {
        Turn turn = active.get(userId);
        if (turn == null) {
            return false;
        }
        turn.stop();
        return true;
    }

    /** Forgets users whose window is empty; called now and then so idle users cost nothing. */
    void prune() {
        long cut = clock.millis() - WINDOW.toMillis();
        for (Long user : sent.keySet()) {
            sent.computeIfPresent(user, (id, t) -> {
                while (!t.isEmpty() && t.peekFirst() <= cut) {
                    t.removeFirst();
                }
                return t.isEmpty() ? null : t;
            });
        }
    }

    private static String human(long seconds) {
        return seconds < 60 ? seconds + " seconds" : (seconds + 59) / 60 + " minutes";
    }
}
