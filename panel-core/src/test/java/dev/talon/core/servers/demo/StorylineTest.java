package dev.talon.core.servers.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StorylineTest {

    @Test
    void same_seed_tells_the_same_story() {
        assertEquals(story(7, 300), story(7, 300));
    }

    @Test
    void another_seed_tells_another_story() {
        assertNotEquals(story(7, 300), story(8, 300));
    }

    @Test
    void story_has_players_chat_warnings_and_stack_traces() {
        String text = String.join("\n", story(42, 400));
        assertTrue(text.contains("joined the game"), "joins");
        assertTrue(text.contains("left the game"), "leaves");
        assertTrue(text.contains("[Async Chat Thread"), "chat");
        assertTrue(text.contains("/WARN]: Can't keep up! Is the server overloaded? Running "), "can't keep up");
        assertTrue(text.contains("/WARN]: Slow tick: "), "slow tick");
        assertTrue(text.matches("(?s).*/ERROR]: .*\n[a-z.]+\\.[A-Za-z]+(Exception|Error)[^\n]*\n\tat [^\n]+\\(\\w+\\.java:\\d+\\).*"),
                "an exception with a multi-line stack trace");
    }

    /** Lines of {@code beats} story beats, without the wall-clock timestamps. */
    private static List<String> story(long seed, int beats) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Storyline storyline = new Storyline(seed, new DemoLog(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        for (int i = 0; i < beats; i++) {
            storyline.next();
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().map(line -> line.replaceFirst("^\\[\\d\\d:\\d\\d:\\d\\d] ", "")).toList();
    }
}
