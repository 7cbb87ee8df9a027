package dev.talon.ai.console;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Well-known problems recognised in console output without a model: each rule has patterns, a
 * title and a fix-it hint. Stateless and cheap (a few regexes per line), safe from any thread.
 */
public final class ConsoleRules {

    /** A rule that matched, with the first console line that matched it. */
    public record Match(String id, String title, String hint, String line) {}

    private record Rule(String id, String title, String hint, Pattern pattern) {}

    private static final List<Rule> RULES = List.of(
            new Rule("java-version", "Wrong Java version",
                    "The server jar was built for a newer Java than the one running it. Pick a newer Java image "
                            + "(for example Java 21) in the server's startup settings, or use a jar built for this Java.",
                    Pattern.compile("UnsupportedClassVersionError|class file version \\d+|compiled by a more recent version of the Java Runtime")),
            new Rule("eula", "EULA not accepted",
                    "Minecraft servers start only after the EULA is accepted: set eula=true in eula.txt (file manager) "
                            + "and start the server again.",
                    Pattern.compile("You need to agree to the EULA", Pattern.CASE_INSENSITIVE)),
            new Rule("port-in-use", "Port already in use",
                    "Another process (often a second copy of this server) holds the port. Stop it, or give this server "
                            + "its own allocation and make server-port in server.properties match it.",
                    Pattern.compile("Address already in use|FAILED TO BIND TO PORT|BindException", Pattern.CASE_INSENSITIVE)),
            new Rule("out-of-memory", "Out of memory",
                    "The Java heap ran out. Raise the server's memory limit, keep -Xmx below it (about 80–90%), "
                            + "and look for plugins or mods that hold on to memory.",
                    Pattern.compile("OutOfMemoryError|Java heap space|GC overhead limit exceeded")));

    private ConsoleRules() {}

    /** The rules matching any of {@code lines}, in rule order, each once with its first matching line. */
    public static List<Match> match(List<String> lines) {
        List<Match> out = new ArrayList<>();
        for (Rule rule : RULES) {
            for (String line : lines) {
                if (line != null && rule.pattern().matcher(line).find()) {
                    out.add(new Match(rule.id(), rule.title(), rule.hint(), line));
                    break;
                }
            }
        }
        return out;
    }
}
