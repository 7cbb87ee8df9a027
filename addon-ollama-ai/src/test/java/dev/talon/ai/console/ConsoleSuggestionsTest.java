package dev.talon.ai.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.api.events.ConsoleLine;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleSuggestionsTest {

    private final ConsoleSuggestions suggestions = new ConsoleSuggestions();

    @Test
    void commands_used_most_on_the_server_come_before_known_commands() {
        suggestions.onConsoleLine(new ConsoleLine("s1", "say restart in 5 minutes", "stdin", Instant.EPOCH));
        suggestions.onConsoleLine(new ConsoleLine("s1", "save-all", "stdin", Instant.EPOCH));
        suggestions.onConsoleLine(new ConsoleLine("s1", "save-all", "stdin", Instant.EPOCH));
        List<String> s = suggestions.suggest("s1", "sa", 5);
        assertEquals(List.of("save-all", "say restart in 5 minutes", "say ", "save", "save-on"), s);
    }

    @Test
    void output_lines_and_other_servers_do_not_count_as_history() {
        suggestions.onConsoleLine(new ConsoleLine("s1", "stop the world", "stdout", Instant.EPOCH));
        suggestions.onConsoleLine(new ConsoleLine("s2", "stop now please", "stdin", Instant.EPOCH));
        assertEquals(List.of("stop"), suggestions.suggest("s1", "sto", 5));
    }

    @Test
    void the_demo_servers_commands_are_known_and_a_lookup_is_instant() {
        assertTrue(suggestions.suggest("any", "", 10).containsAll(List.of("help", "list", "tps", "gc", "stop")));
        for (int i = 0; i < 500; i++) {
            suggestions.onConsoleLine(new ConsoleLine("busy", "say message " + i, "stdin", Instant.EPOCH));
        }
        for (int i = 0; i < 2_000; i++) {
            suggestions.suggest("busy", "say m", 8); // warm-up
        }
        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            suggestions.suggest("busy", "say m", 8);
        }
        double perCallMs = (System.nanoTime() - start) / 1_000_000.0 / 1_000;
        System.out.printf("Console suggestion lookup, 500 history entries: %.3f ms per call%n", perCallMs);
        assertTrue(perCallMs < 5, "a lookup must be far under the 20 ms budget, took " + perCallMs + " ms");
    }
}
