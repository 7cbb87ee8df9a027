package dev.talon.ai.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ChatLimitsTest {

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void the_message_past_the_rate_is_refused_with_the_seconds_to_wait() {
        var clock = new MutableClock();
        var limits = new ChatLimits(clock);
        for (int i = 0; i < 3; i++) {
            limits.begin(7, 3).close();
            clock.now = clock.now.plusSeconds(10);
        }
        ChatRefused refused = assertThrows(ChatRefused.class, () -> limits.begin(7, 3));
        assertEquals(429, refused.status());
        assertEquals(300 - 30, refused.retryAfterSeconds()); // the first message leaves the window then
        clock.now = clock.now.plus(Duration.ofSeconds(271));
        limits.begin(7, 3).close();
    }

    @Test
    void a_second_stream_of_the_same_user_is_refused_while_the_first_runs() {
        var limits = new ChatLimits(new MutableClock());
        var first = limits.begin(1, 20);
        ChatRefused refused = assertThrows(ChatRefused.class, () -> limits.begin(1, 20));
        assertEquals(429, refused.status());
        limits.begin(2, 20).close(); // other users are not affected
        first.close();
        limits.begin(1, 20).close();
    }

    @Test
    void stop_runs_the_turns_stop_action_even_when_it_is_set_later() {
        var limits = new ChatLimits(new MutableClock());
        var turn = limits.begin(1, 20);
        boolean[] cancelled = {false};
        assertTrue(limits.stop(1));
        turn.onStop(() -> cancelled[0] = true);
        assertTrue(cancelled[0]);
        turn.close();
    }
}
