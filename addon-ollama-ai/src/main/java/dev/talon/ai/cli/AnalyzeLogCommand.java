package dev.talon.ai.cli;

import dev.talon.ai.analysis.Explainer;
import dev.talon.ai.analysis.logs.AdHocAnalysis;
import dev.talon.ai.analysis.logs.LogTemplate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./panel ai:analyze-log FILE}: the log's notable clusters (errors, stack traces, bursts)
 * with counts and examples, then the analysis model's summary and explanations when Ollama is
 * reachable — or a line saying why there is none. Exit code 0 either way.
 */
@Command(name = "ai:analyze-log", mixinStandardHelpOptions = true,
        description = "Clusters FILE's log lines into templates and, when Ollama is reachable, adds the analysis model's summary.")
public final class AnalyzeLogCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "a log file")
    Path file;

    @Spec
    private CommandSpec spec;

    private final AdHocAnalysis analysis;

    public AnalyzeLogCommand(AdHocAnalysis analysis) {
        this.analysis = analysis;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        AdHocAnalysis.Report report;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Iterable<String> lines = () -> reader.lines().iterator();
            report = analysis.analyse(lines, 10);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.printf("%d lines, %d events, %d templates, %d notable%n%n", report.lines(), report.events(), report.templates().size(),
                report.notable().size());
        for (LogTemplate t : report.notable()) {
            out.printf("%s  ×%d  %s%s%n", t.id(), t.count(), t.level() == null ? "" : t.level() + "  ", t.template());
            out.printf("    first %s (line %d), last %s (line %d)%s%n", t.firstSeen() == null ? "-" : t.firstSeen(), t.firstLine(),
                    t.lastSeen() == null ? "-" : t.lastSeen(), t.lastLine(),
                    t.burst() ? ", burst of " + t.peakCount() + " in " + t.peakWindow() : "");
            t.examples().get(0).stream().limit(4).forEach(l -> out.println("    > " + l));
            Explainer.Explanation e = report.explanations().get(t.id());
            if (e != null) {
                out.println("    AI: " + e.explanation());
                if (!e.recommendation().isEmpty()) {
                    out.println("    → " + e.recommendation());
                }
            }
            out.println();
        }
        if (report.summary() != null) {
            out.println("Summary (" + report.model() + "): " + report.summary());
        } else {
            out.println("Summary: " + report.problem());
        }
        out.flush();
        return 0;
    }
}
