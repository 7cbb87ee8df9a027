package dev.talon.ai.console;

import dev.talon.api.events.ConsoleLine;
import dev.talon.api.events.PanelEventListener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Instant console suggestions, no model call: commands used on the server (counted from the
 * console's {@code stdin} lines) first, most used first, then the commands Minecraft-like servers
 * and the demo server know. Prefix match on what the user typed, case-insensitive.
 *
 * <p>Threading: console events arrive on the host's event thread; suggestions are read from request
 * threads. Counts live in concurrent maps, bounded per server, so a lookup is a scan of a few
 * hundred strings (microseconds).
 */
public final class ConsoleSuggestions implements PanelEventListener {

    /** Known commands: the demo server's, then common Minecraft-like ones (the Java jar template). */
    static final List<String> KNOWN = List.of("help", "list", "say ", "save", "tps", "gc", "stop",
            "save-all", "save-off", "save-on", "whitelist add ", "whitelist remove ", "whitelist on", "whitelist off",
            "whitelist list", "op ", "deop ", "kick ", "ban ", "pardon ", "ban-ip ", "tp ", "gamemode survival ",
            "gamemode creative ", "time set day", "time set night", "weather clear", "difficulty ", "give ",
            "seed", "reload", "plugins", "version");
    private static final int MAX_PER_SERVER = 500;

    private final Map<String, Map<String, Integer>> used = new ConcurrentHashMap<>();

    @Override
    public void onConsoleLine(ConsoleLine event) {
        if ("stdin".equals(event.stream())) {
            record(event.serverUuid(), event.line());
        }
    }

    void record(String serverUuid, String command) {
        String c = command == null ? "" : command.strip();
        if (c.isEmpty() || c.length() > 200) {
            return;
        }
        Map<String, Integer> counts = used.computeIfAbsent(serverUuid, k -> new ConcurrentHashMap<>());
        if (counts.size() < MAX_PER_SERVER || counts.containsKey(c)) {
            counts.merge(c, 1, Integer::sum);
        }
    }

    /** At most {@code limit} completions of {@code typed} for the server, best first. */
    public List<String> suggest(String serverUuid, String typed, int limit) {
        String prefix = typed == null ? "" : typed.stripLeading().toLowerCase(Locale.ROOT);
        LinkedHashSet<String> out = new LinkedHashSet<>();
        List<Map.Entry<String, Integer>> mine = new ArrayList<>(used.getOrDefault(serverUuid, Map.of()).entrySet());
        mine.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        for (var e : mine) {
            if (e.getKey().toLowerCase(Locale.ROOT).startsWith(prefix) && !e.getKey().equalsIgnoreCase(typed)) {
                out.add(e.getKey());
            }
        }
        KNOWN.stream().filter(k -> k.startsWith(prefix) && !k.strip().equalsIgnoreCase(typed == null ? "" : typed.strip()))
                .sorted(Comparator.comparingInt(String::length)).forEach(out::add);
        return out.stream().limit(limit).toList();
    }
}
