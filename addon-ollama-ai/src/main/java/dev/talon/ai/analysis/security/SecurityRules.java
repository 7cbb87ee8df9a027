package dev.talon.ai.analysis.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
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
 * account and per address, console commands that change operators or permissions, and executables
 * written through the file manager. Pure functions; the job supplies the entries and stores what
 * they return.
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

    /**
     * Names that run as programs or native code on the game server's machine. {@code .jar} is here
     * because a plugin is code the server loads; such writes are routine on Minecraft servers, so
     * they are reported as information rather than warnings (see {@link #executableSeverity}).
     */
    private static final List<String> EXECUTABLE_SUFFIXES = List.of(".sh", ".bash", ".zsh", ".bat", ".cmd", ".ps1", ".vbs",
            ".exe", ".com", ".msi", ".scr", ".jar", ".so", ".dll", ".dylib", ".appimage");
    /** Metadata is JSON written by the host; an immutable reader is safe to share between threads. */
    private static final ObjectReader JSON = new ObjectMapper().reader();

    /** A file the file manager wrote or renamed to, with why it counts as executable. */
    public record ExecutableWrite(String path, String how, String why) {}

    private SecurityRules() {}

    /**
     * The executables an activity entry wrote: {@code server.file.write} ({@code file}),
     * {@code server.file.upload} ({@code directory} + {@code files}) and {@code server.file.rename}
     * ({@code files[].to}) whose name ends in an executable suffix, or which the host marked as
     * starting with {@code #!} ({@code shebang}). Files written by the panel never get an exec bit,
     * so the name and the first bytes are what can be judged.
     */
    public static List<ExecutableWrite> executables(Recorded e) {
        if (e.metadataJson() == null || !e.action().startsWith("server.file.")) {
            return List.of();
        }
        JsonNode m;
        try {
            m = JSON.readTree(e.metadataJson());
        } catch (java.io.IOException ex) {
            return List.of();
        }
        List<ExecutableWrite> out = new ArrayList<>();
        switch (e.action()) {
            case "server.file.write" -> {
                String file = m.path("file").asText("");
                check(out, file, "written", m.path("shebang").asBoolean(false));
            }
            case "server.file.upload" -> {
                String dir = m.path("directory").asText("/");
                List<String> scripts = new ArrayList<>();
                m.path("shebang").forEach(n -> scripts.add(n.asText()));
                for (JsonNode f : m.path("files")) {
                    check(out, join(dir, f.asText()), "uploaded", scripts.contains(f.asText()));
                }
            }
            case "server.file.rename" -> {
                for (JsonNode f : m.path("files")) {
                    String to = f.path("to").asText("");
                    if (!suffix(f.path("from").asText("")).isPresent()) {
                        check(out, to, "renamed from " + f.path("from").asText(""), false);
                    }
                }
            }
            default -> { }
        }
        return out;
    }

    private static void check(List<ExecutableWrite> out, String path, String how, boolean shebang) {
        if (path.isBlank()) {
            return;
        }
        Optional<String> suffix = suffix(path);
        if (suffix.isPresent()) {
            out.add(new ExecutableWrite(path, how, "executable type " + suffix.get() + (shebang ? ", starts with #!" : "")));
        } else if (shebang) {
            out.add(new ExecutableWrite(path, how, "script: starts with #!"));
        }
    }

    private static Optional<String> suffix(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return EXECUTABLE_SUFFIXES.stream().filter(p::endsWith).findFirst();
    }

    private static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    /** Plugins ({@code .jar}) are routine on game servers; scripts and native code are not. */
    public static String executableSeverity(List<ExecutableWrite> writes) {
        return writes.stream().allMatch(w -> w.why().equals("executable type .jar")) ? "info" : "warning";
    }

    /** A text field of an entry's metadata, when present. */
    public static Optional<String> metadata(Recorded e, String field) {
        if (e.metadataJson() == null) {
            return Optional.empty();
        }
        try {
            JsonNode v = JSON.readTree(e.metadataJson()).path(field);
            return v.isMissingNode() || v.isNull() ? Optional.empty() : Optional.of(v.asText());
        } catch (java.io.IOException ex) {
            return Optional.empty();
        }
    }

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
