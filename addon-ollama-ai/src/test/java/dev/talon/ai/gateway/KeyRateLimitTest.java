package dev.talon.ai.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class KeyRateLimitTest {

    @Test
    void each_key_gets_its_own_budget_per_minute() {
        var limit = new KeyRateLimit(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        for (int i = 0; i < 5; i++) {
            assertEquals(0, limit.acquire("a", 5));
        }
        long wait = limit.acquire("a", 5);
        assertTrue(wait > 0 && wait <= 60, "wait " + wait);
        assertEquals(0, limit.acquire("b", 5));
    }
}
