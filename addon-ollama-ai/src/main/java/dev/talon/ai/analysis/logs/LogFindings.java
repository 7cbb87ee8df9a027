package dev.talon.ai.analysis.logs;

import dev.talon.ai.insights.Finding;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Turns mined templates into findings by exact rules: which templates matter (warnings and worse,
 * stack traces, bursts, new ones), their severity, a title, and the evidence — counts, times and
 * example lines quoted verbatim. Stateless.
 */
public final class LogFindings {

    private LogFindings() {}

    /** Notable templates, most important first: level, then bursts, then new ones, then count. */
    public static List<LogTemplate> notable(List<LogTemplate> templates, Set<String> known, int limit) {
        return templates.stream()
                .filter(LogTemplate::notable)
                .sorted(Comparator.comparingInt((LogTemplate t) -> t.level() == null ? 0 : t.level().ordinal()).reversed()
                        .thenComparing(LogTemplate::burst, Comparator.reverseOrder())
                        .thenComparing(t -> known.contains(t.fingerprint()))
                        .thenComparing(LogTemplate::count, Comparator.reverseOrder()))
                .limit(limit)
                .toList();
    }

    /** The finding for one template on a server ({@code null} server for ad-hoc logs). */
    public static Finding finding(String serverUuid, String serverName, Long ownerId, LogTemplate t, boolean isNew) {
        return new Finding(serverUuid, serverName, ownerId, t.burst() || severity(t).equals("critical") ? "alert" : "insight", "logs",
                severity(t), title(t, isNew), facts(t, isNew), evidence(t, isNew), t.fingerprint());
    }

    static String severity(LogTemplate t) {
        LogLevel level = t.level() == null ? LogLevel.INFO : t.level();
        if (level == LogLevel.FATAL || (level == LogLevel.ERROR && (t.burst() || t.count() >= 100))) {
            return "critical";
        }
        if (level == LogLevel.ERROR || (level == LogLevel.WARN && t.burst())) {
            return "warning";
        }
        return "info";
    }

    static String title(LogTemplate t, boolean isNew) {
        String what = t.template();
        if (what.length() > 110) {
            what = what.substring(0, 110) + "…";
        }
        String level = t.level() == null ? "" : t.level() + " ";
        String prefix = t.burst() ? "Burst of " + t.peakCount() + " × " : (isNew ? "New " : "");
        return prefix + level + "×" + t.count() + ": " + what;
    }

    static String facts(LogTemplate t, boolean isNew) {
        var b = new StringBuilder();
        b.append(t.count()).append(" event").append(t.count() == 1 ? "" : "s").append(" of this template");
        if (t.burst()) {
            b.append(", ").append(t.peakCount()).append(" of them in ").append(t.peakWindow());
        }
        if (isNew) {
            b.append("; not seen in earlier runs");
        }
        return b.append('.').toString();
    }

    /** Counts, times and up to two examples quoted line by line ({@code > }). */
    public static String evidence(LogTemplate t, boolean isNew) {
        var b = new StringBuilder();
        b.append("template ").append(t.id()).append(": ").append(t.template()).append('\n');
        b.append(t.count()).append(" events, ").append(t.lines()).append(" lines");
        if (t.level() != null) {
            b.append(", level ").append(t.level());
        }
        b.append("; first ").append(t.firstSeen() == null ? "" : t.firstSeen() + " ").append("(line ").append(t.firstLine()).append(')');
        b.append(", last ").append(t.lastSeen() == null ? "" : t.lastSeen() + " ").append("(line ").append(t.lastLine()).append(')');
        if (t.burst()) {
            b.append("; burst: ").append(t.peakCount()).append(" in ").append(t.peakWindow());
        }
        if (isNew) {
            b.append("; new template");
        }
        b.append('\n');
        int shown = 0;
        for (List<String> example : t.examples()) {
            if (shown++ == 2) {
                break;
            }
            for (int i = 0; i < Math.min(example.size(), 8); i++) {
                String line = example.get(i);
                b.append("> ").append(line.length() > 300 ? line.substring(0, 300) + "…" : line).append('\n');
            }
        }
        return b.toString().stripTrailing();
    }
}
