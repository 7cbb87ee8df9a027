package dev.talon.core.servers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CronSpecTest {

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    @Test
    void every_minute_is_due_at_the_start_of_the_next_minute() {
        CronSpec everyMinute = CronSpec.parse("* * * * *");
        assertEquals(at("2025-03-01T10:16:00Z"), everyMinute.nextAfter(at("2025-03-01T10:15:00Z"), ZoneOffset.UTC));
        assertEquals(at("2025-03-01T10:16:00Z"), everyMinute.nextAfter(at("2025-03-01T10:15:59.999Z"), ZoneOffset.UTC));
    }

    @Test
    void steps_hours_and_the_zone_are_honoured() {
        assertEquals(at("2025-03-01T10:30:00Z"), CronSpec.parse("*/15 * * * *").nextAfter(at("2025-03-01T10:17:00Z"), ZoneOffset.UTC));
        assertEquals(at("2025-03-02T04:00:00Z"), CronSpec.parse("0 4 * * *").nextAfter(at("2025-03-01T10:17:00Z"), ZoneOffset.UTC));
        // 04:00 in Berlin (UTC+1 in March before DST) is 03:00 UTC
        assertEquals(at("2025-03-02T03:00:00Z"), CronSpec.parse("0 4 * * *").nextAfter(at("2025-03-01T10:17:00Z"), ZoneId.of("Europe/Berlin")));
    }

    @Test
    void days_of_the_week_count_from_sunday_as_zero() {
        // 2025-03-01 is a Saturday; "0" is Sunday, "1-5" Monday to Friday, 7 is Sunday too
        assertEquals(at("2025-03-02T00:00:00Z"), CronSpec.parse("0 0 * * 0").nextAfter(at("2025-03-01T10:00:00Z"), ZoneOffset.UTC));
        assertEquals(at("2025-03-02T00:00:00Z"), CronSpec.parse("0 0 * * 7").nextAfter(at("2025-03-01T10:00:00Z"), ZoneOffset.UTC));
        assertEquals(at("2025-03-03T06:00:00Z"), CronSpec.parse("0 6 * * 1-5").nextAfter(at("2025-03-01T10:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void malformed_expressions_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> CronSpec.parse("* * * *"));
        assertThrows(IllegalArgumentException.class, () -> CronSpec.parse("61 * * * *"));
        assertThrows(IllegalArgumentException.class, () -> CronSpec.parse("0 0 1 * 1"));
        assertThrows(IllegalArgumentException.class, () -> CronSpec.parse("0 0 * * ; rm"));
    }
}
