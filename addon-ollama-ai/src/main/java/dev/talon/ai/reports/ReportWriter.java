package dev.talon.ai.reports;

import dev.talon.ai.insights.Insight;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Writes a report as Markdown from stored numbers: insights by category and severity, the most
 * severe findings with their explanations, the analysis runs; then the model's summary, or a note
 * that it is absent. Every number is counted from the database, never written by the model. Pure.
 */
final class ReportWriter {

    static final List<String> CATEGORIES = List.of("logs", "performance", "security", "report");
    private static final int FINDINGS = 20;

    /**
     * @param scope the server's name, or {@code null} for the whole panel
     * @param summary the model's summary, or {@code null} when absent
     * @param summaryNote why the summary is absent, or who wrote it
     * @param runs the analysis runs (listed in the panel report only; {@code null} for a server)
     */
    record Input(String period, String scope, long from, long to, List<Insight> insights, List<Reports.JobTotals> runs,
                 String summary, String summaryNote) {}

    private ReportWriter() {}

    static String title(String period, String scope, long from) {
        String day = Instant.ofEpochMilli(from).toString().substring(0, 10);
        return (period.equals("weekly") ? "Weekly" : "Daily") + " report — " + (scope == null ? "whole panel" : scope)
                + " — " + (period.equals("weekly") ? "week of " : "") + day;
    }

    static String markdown(Input in) {
        var md = new StringBuilder("# ").append(title(in.period(), in.scope(), in.from())).append("\n\n");
        md.append("Period: ").append(Instant.ofEpochMilli(in.from())).append(" – ").append(Instant.ofEpochMilli(in.to()))
                .append(" (UTC)\n\n");

        md.append("## Summary\n\n");
        if (in.summary() != null) {
            md.append(in.summary().strip()).append("\n\n_").append(in.summaryNote()).append("_\n\n");
        } else {
            md.append("_AI summary absent: ").append(in.summaryNote()).append(" The numbers below are complete._\n\n");
        }

        List<Insight> all = in.insights();
        md.append("## Numbers\n\n");
        md.append(all.size()).append(" findings; ")
                .append(count(all, i -> i.acknowledgedAt() != null)).append(" acknowledged, ")
                .append(count(all, i -> i.dismissedAt() != null)).append(" dismissed, ")
                .append(count(all, Insight::awaitingAi)).append(" still without an AI summary.\n\n");
        md.append("| Category | critical | warning | info | total |\n|---|---:|---:|---:|---:|\n");
        for (String c : CATEGORIES) {
            List<Insight> of = all.stream().filter(i -> c.equals(i.category())).toList();
            if (of.isEmpty()) {
                continue;
            }
            md.append("| ").append(c).append(" | ").append(count(of, i -> "critical".equals(i.severity()))).append(" | ")
                    .append(count(of, i -> "warning".equals(i.severity()))).append(" | ")
                    .append(count(of, i -> "info".equals(i.severity()))).append(" | ").append(of.size()).append(" |\n");
        }
        md.append("| **all** | ").append(count(all, i -> "critical".equals(i.severity()))).append(" | ")
                .append(count(all, i -> "warning".equals(i.severity()))).append(" | ")
                .append(count(all, i -> "info".equals(i.severity()))).append(" | ").append(all.size()).append(" |\n\n");

        md.append("## Findings\n\n");
        List<Insight> top = top(all);
        if (top.isEmpty()) {
            md.append("Nothing was found in this period.\n\n");
        }
        for (Insight i : top) {
            md.append("- **[").append(i.severity()).append("] ").append(escape(i.title())).append("**");
            if (in.scope() == null && i.serverName() != null) {
                md.append(" — ").append(escape(i.serverName()));
            }
            md.append(" — ").append(Instant.ofEpochMilli(i.createdAt())).append("\n");
            if (i.explanation() != null && !i.explanation().isBlank()) {
                md.append("  ").append(escape(oneLine(i.explanation()))).append("\n");
            }
            if (i.recommendation() != null && !i.recommendation().isBlank()) {
                md.append("  Recommendation: ").append(escape(oneLine(i.recommendation()))).append("\n");
            }
        }
        if (all.size() > top.size()) {
            md.append("\n(").append(all.size() - top.size()).append(" more open or dismissed findings in AI Analytics.)\n");
        }
        md.append('\n');

        if (in.runs() != null) {
            md.append("## Analysis runs\n\n");
            if (in.runs().isEmpty()) {
                md.append("No analysis ran in this period.\n");
            } else {
                md.append("| Job | runs | items | findings | tokens in | tokens out |\n|---|---:|---:|---:|---:|---:|\n");
                for (var r : in.runs()) {
                    md.append("| ").append(r.job()).append(" | ").append(r.runs()).append(" | ").append(r.items()).append(" | ")
                            .append(r.findings()).append(" | ").append(r.tokensIn()).append(" | ").append(r.tokensOut()).append(" |\n");
                }
            }
        }
        return md.toString();
    }

    /** Undismissed findings, most severe and newest first. */
    static List<Insight> top(List<Insight> all) {
        return all.stream().filter(i -> i.dismissedAt() == null)
                .sorted(Comparator.comparingInt((Insight i) -> rank(i.severity())).thenComparing(Insight::createdAt, Comparator.reverseOrder()))
                .limit(FINDINGS).toList();
    }

    private static int rank(String severity) {
        return switch (severity) {
            case "critical" -> 0;
            case "warning" -> 1;
            default -> 2;
        };
    }

    private static long count(List<Insight> list, java.util.function.Predicate<Insight> p) {
        return list.stream().filter(p).count();
    }

    private static String oneLine(String s) {
        String line = s.strip().replaceAll("\\s*\\n\\s*", " ");
        return line.length() > 400 ? line.substring(0, 400) + "…" : line;
    }

    /** Titles and texts come from logs and models: no Markdown links, images or HTML from them. */
    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("<", "&lt;").replace("[", "\\[").replace("]", "\\]").replace("!", "\\!")
                .replace("*", "\\*").replace("_", "\\_").replace("`", "\\`");
    }
}
