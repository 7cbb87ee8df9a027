package dev.talon.ai.cli;

import dev.talon.ai.analysis.logs.LogTemplate;
import dev.talon.ai.analysis.logs.TemplateMiner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./panel ai:templates FILE [--format jsonl|text]}: mines the log's templates. {@code jsonl}
 * prints one record per input line, in order — {@code {"line": n, "template_id": "T3", "template": "…"}};
 * continuation lines of a multi-line event (a stack trace) carry that event's id. {@code text}
 * (the default) lists the templates with counts. Streams the file; never holds it in memory.
 */
@Command(name = "ai:templates", mixinStandardHelpOptions = true,
        description = "Mines log templates (Drain) from FILE; --format jsonl prints one record per input line.")
public final class TemplatesCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "a log file")
    Path file;

    @Option(names = "--format", defaultValue = "text", description = "text (templates with counts) or jsonl (one record per line)")
    String format;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        boolean jsonl = switch (format) {
            case "jsonl" -> true;
            case "text" -> false;
            default -> {
                spec.commandLine().getErr().println("Unknown --format '" + format + "': use text or jsonl");
                yield false;
            }
        };
        if (!format.equals("jsonl") && !format.equals("text")) {
            return 2;
        }
        var miner = new TemplateMiner(TemplateMiner.Settings.defaults(), jsonl ? (first, count, cluster) -> {
            String template = Json.string(cluster.template());
            for (int i = 0; i < count; i++) {
                out.append("{\"line\": ").append(Long.toString(first + i)).append(", \"template_id\": \"").append(cluster.id())
                        .append("\", \"template\": ").append(template).append("}\n");
            }
        } : (first, count, cluster) -> { });
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                miner.accept(line);
            }
        }
        miner.finish();
        if (!jsonl) {
            out.printf("%d lines, %d events, %d templates%n", miner.lines(), miner.events(), miner.templates().size());
            for (LogTemplate t : miner.templates()) {
                out.printf("%-6s %8d  %-5s %s%s%n", t.id(), t.count(), t.level() == null ? "" : t.level(), t.template(),
                        t.burst() ? "  [burst: " + t.peakCount() + " in " + t.peakWindow() + "]" : "");
            }
        }
        out.flush();
        return 0;
    }

    /** Minimal JSON string escaping for the per-line records (hot loop; no object mapper). */
    static final class Json {
        private Json() {}

        static String string(String s) {
            var b = new StringBuilder(s.length() + 2).append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }
    }
}
