package dev.talon.core.servers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScheduleRulesTest {

    @Test
    void names_are_stripped_and_must_be_one_to_191_characters() {
        assertEquals("Nightly restart", ScheduleRules.name("  Nightly restart "));
        assertThrows(IllegalArgumentException.class, () -> ScheduleRules.name("   "));
        assertThrows(IllegalArgumentException.class, () -> ScheduleRules.name(null));
        assertEquals(191, ScheduleRules.name("n".repeat(191)).length());
        assertThrows(IllegalArgumentException.class, () -> ScheduleRules.name("n".repeat(192)));
    }

    @Test
    void a_task_is_a_command_or_a_power_signal() {
        assertEquals("say hi", ScheduleRules.payload(ScheduleRules.action("command"), " say hi "));
        assertEquals("restart", ScheduleRules.payload(ScheduleRules.action("power"), "restart"));
        var badSignal = assertThrows(IllegalArgumentException.class, () -> ScheduleRules.payload("power", "reboot"));
        assertTrue(badSignal.getMessage().contains("start, stop, restart or kill"));
        assertThrows(IllegalArgumentException.class, () -> ScheduleRules.action("shell"));
        assertThrows(IllegalArgumentException.class, () -> ScheduleRules.payload("command", ""));
        assertThrows(IllegalArgumentException.class, () -> ScheduleRules.payload("command", "x".repeat(1001)));
    }

    @Test
    void offsets_are_zero_to_fifteen_minutes() {
        assertEquals(900, ScheduleRules.offset(900));
        assertThrows(IllegalArgumentException.class, () -> ScheduleRules.offset(-1));
        assertThrows(IllegalArgumentException.class, () -> ScheduleRules.offset(901));
    }
}
