package dev.talon.ai.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ConsoleRulesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            java-version  | Exception in thread "main" java.lang.UnsupportedClassVersionError: net/minecraft/Main has been compiled by a more recent version of the Java Runtime (class file version 65.0)
            java-version  | Error: LinkageError occurred while loading main class: class file version 61.0, this version only recognizes up to 52.0
            eula          | [12:00:01 INFO]: You need to agree to the EULA in order to run the server. Go to eula.txt for more info.
            port-in-use   | [12:00:03 WARN]: **** FAILED TO BIND TO PORT!
            port-in-use   | java.net.BindException: Address already in use
            out-of-memory | java.lang.OutOfMemoryError: Java heap space
            out-of-memory | Exception in thread "Server thread" java.lang.OutOfMemoryError: GC overhead limit exceeded
            """)
    void each_well_known_problem_is_recognised_with_a_hint(String id, String line) {
        var matches = ConsoleRules.match(List.of("[12:00:00 INFO]: Starting minecraft server version 1.21", line));
        assertEquals(1, matches.size(), matches.toString());
        assertEquals(id, matches.get(0).id());
        assertEquals(line, matches.get(0).line());
        assertTrue(matches.get(0).hint().length() > 20);
    }

    @Test
    void normal_output_matches_nothing() {
        var normal = List.of("[12:00:00 INFO]: Starting minecraft server version 1.21",
                "[12:00:00 INFO]: Loading properties", "[12:00:01 INFO]: Default game type: SURVIVAL",
                "[12:00:01 INFO]: Starting Minecraft server on *:25565", "[12:00:02 INFO]: Preparing level \"world\"",
                "[12:00:05 INFO]: Done (3.2s)! For help, type \"help\"", "[12:01:00 INFO]: Steve joined the game",
                "[12:01:10 INFO]: <Steve> my memory is bad, the port is nice, java rocks, eula? agreed",
                "[12:02:00 INFO]: Saved the game", "[12:02:00 WARN]: Can't keep up! Is the server overloaded?");
        assertEquals(List.of(), ConsoleRules.match(normal));
    }

    @Test
    void several_problems_are_each_reported_once() {
        var matches = ConsoleRules.match(List.of("java.lang.OutOfMemoryError: Java heap space",
                "java.lang.OutOfMemoryError: Java heap space", "**** FAILED TO BIND TO PORT!"));
        assertEquals(List.of("port-in-use", "out-of-memory"), matches.stream().map(ConsoleRules.Match::id).toList());
    }
}
