package dev.talon.ai.analysis.security;

import dev.talon.api.ActivityLog.Recorded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The security monitor's exact rules over activity-log entries: bursts of failed sign-ins per
 * account and per address, and console commands that change operators or permissions. Pure
 * functions; the job supplies the entries and stores what they return.
 */
public final class SecurityRules {

    /** A burst: at least {@code threshold} entries of one key within {@code window}. */
    public record Burst(String key, int count, List<Recorded> entries) {}

    /** The host records {@code {"command": "..."}} on {@code server.console.command}. */
    private static final Pattern COMMAND = Pattern.compile("\"command\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final List<String> OPERATOR = List.of("op", "deop");
    private static final List<String> PERMISSION_TOOLS = List.of("lp", "luckperms", "pex", "permissionsex", "perm", "perms",
            "permissions");
    /** GroupManager's commands, each a change. */
    private static final List<String> GROUP_MANAGER = List.of("manuadd", "manudel", "manuaddp", "manudelp", "manuaddsub",
            "mangadd", "mangdel", "mangaddp", "mangdelp", "manpromote", "mandemote");

    private SecurityRules() {}

    /**
     * Bursts per key among {@code entries} (sorted by time): the largest count inside any window
     * of length {@code window}, reported when it reaches {@code threshold} and the window holds at
     * least one entry with an id above {@code freshAfterId} (older bursts were judged already).
     */
    public static List<Burst> bursts(List<Recorded> entries, Function<Recorded, String> key, Duration window, int threshold,
                                     long freshAfterId) {
        Map<String, List<Recorded>> byKey = new LinkedHashMap<>();
        for (Recorded e : entries) {
            String k = key.apply(e);
            if (k != null && !k.isBlank()) {
                byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(e);
            }
        }
        List<Burst> out = new ArrayList<>();
        byKey.forEach((k, list) -> {
            list.sort(Comparator.comparingLong(Recorded::createdAt).thenComparingLong(Recorded::id));
            int bestFrom = 0;
            int bestTo = -1;
            int from = 0;
            for (int to = 0; to < list.size(); to++) {
                while (list.get(to).createdAt() - list.get(from).createdAt() > window.toMillis()) {
                    from++;
                }
                boolean fresh = list.subList(from, to + 1).stream().anyMatch(e -> e.id() > freshAfterId);
                if (fresh && to - from > bestTo - bestFrom) {
                    bestFrom = from;
                    bestTo = to;
                }
            }
            int count = bestTo - bestFrom + 1;
            if (bestTo >= 0 && count >= threshold) {
                out.add(new Burst(k, count, List.copyOf(list.subList(bestFrom, bestTo + 1))));
            }
        });
        return out;
    }

    /** The account a failed sign-in was for ({@code user:<email>}), without the prefix. */
    public static String account(Recorded e) {
        String s = e.subject();
        return s != null && s.startsWith("user:") ? s.substring(5) : s;
    }

    /** The command of a {@code server.console.command} entry, when the host recorded it. */
    public static Optional<String> command(Recorded e) {
        if (e.metadataJson() == null) {
            return Optional.empty();
        }
        Matcher m = COMMAND.matcher(e.metadataJson());
        return m.find() ? Optional.of(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\")) : Optional.empty();
    }

    /**
     * Why a console command is suspicious — {@code "operator change"} or {@code "permission
     * change"} — or empty. Leading slashes and case are ignored; permission tools count only when
     * the command grants, sets or changes groups (reading permissions is harmless).
     */
    public static Optional<String> suspicious(String command) {
        String c = command.strip().toLowerCase(Locale.ROOT);
        while (c.startsWith("/")) {
            c = c.substring(1);
        }
        String[] words = c.split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            return Optional.empty();
        }
        String verb = words[0].contains(":") ? words[0].substring(words[0].indexOf(':') + 1) : words[0]; // minecraft:op
        if (OPERATOR.contains(verb) && words.length > 1) {
            return Optional.of("operator change");
        }
        if (PERMISSION_TOOLS.contains(verb) && words.length > 1
                && c.matches(".*\\b(set|add|grant|unset|remove|parent|promote|demote|addgroup|setgroup|group|user)\\b.*")
                && !c.matches(".*\\b(info|check|list|help|search|tree|verbose)\\b.*")) {
            return Optional.of("permission change");
        }
        if (GROUP_MANAGER.contains(verb)) {
            return Optional.of("permission change");
        }
        return Optional.empty();
    }

    /** One evidence line for an entry: {@code #id time action subject from ip metadata}. */
    public static String line(Recorded e) {
        return "#" + e.id() + " " + Instant.ofEpochMilli(e.createdAt()) + " " + e.action()
                + (e.subject() == null ? "" : " " + e.subject())
                + (e.ip() == null ? "" : " from " + e.ip())
                + (e.metadataJson() == null || e.metadataJson().equals("{}") ? "" : " " + e.metadataJson());
    }
}
