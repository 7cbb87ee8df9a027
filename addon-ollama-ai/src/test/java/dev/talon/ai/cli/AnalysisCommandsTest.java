package dev.talon.ai.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.ai.analysis.AnalysisFixture;
import dev.talon.ai.analysis.Explainer;
import dev.talon.ai.analysis.logs.AdHocAnalysis;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** ai:templates, ai:anomalies and ai:analyze-log run through picocli as {@code ./panel} runs them. */
class AnalysisCommandsTest {

    @TempDir
    Path dir;

    @Test
    void templates_jsonl_prints_one_record_per_input_line_and_continuation_lines_carry_their_events_id() throws Exception {
        Path log = dir.resolve("latest.log");
        Files.write(log, List.of(
                "[10:00:01] [Server thread/INFO]: Steve joined the game",
                "[10:00:02] [Server thread/ERROR]: Error executing task on \"Server\"",
                "java.lang.NullPointerException: boom",
                "\tat a.B.c(B.java:1)",
                "[10:00:03] [Server thread/INFO]: Alex joined the game"));

        String out = run(new TemplatesCommand(), log.toString(), "--format", "jsonl");

        List<JsonNode> records = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            records.add(new ObjectMapper().readTree(line));
        }
        assertEquals(5, records.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(i + 1, records.get(i).path("line").asInt());
        }
        assertEquals("T1", records.get(0).path("template_id").asText());
        assertEquals("T2", records.get(1).path("template_id").asText());
        assertEquals("T2", records.get(2).path("template_id").asText());
        assertEquals("T2", records.get(3).path("template_id").asText());
        assertEquals("T1", records.get(4).path("template_id").asText());
        assertEquals("Error executing task on <STR> ⏎ java.lang.NullPointerException: boom", records.get(3).path("template").asText());
        assertEquals("<*> joined the game", records.get(4).path("template").asText());
    }

    @Test
    void anomalies_prints_a_score_per_row_and_flags_the_spike() throws Exception {
        Path csv = dir.resolve("cpu.csv");
        var rows = new ArrayList<String>(List.of("timestamp,value"));
        for (int i = 0; i < 100; i++) {
            rows.add((1000 + i) + "," + (i == 80 ? "97.0" : String.valueOf(40 + (i % 5))));
        }
        Files.write(csv, rows);

        List<String> out = List.of(run(new AnomaliesCommand(), csv.toString()).strip().split("\n"));

        assertEquals("timestamp,value,anomaly_score", out.get(0));
        assertEquals(101, out.size());
        assertEquals("1080,97.0,1.000", out.get(81));
        assertTrue(out.stream().skip(1).filter(l -> !l.startsWith("1080,")).allMatch(l -> Double.parseDouble(l.split(",")[2]) < 0.5));
    }

    @Test
    void analyze_log_prints_the_clusters_and_says_when_there_is_no_ai_summary() throws Exception {
        Path log = dir.resolve("latest.log");
        Files.write(log, List.of("[10:00:02] [Server thread/ERROR]: Could not save level", "[10:00:03] [Server thread/ERROR]: Could not save level"));
        URI dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        try (var fx = new AnalysisFixture(); var client = AnalysisFixture.client(dead)) {
            var analysis = new AdHocAnalysis(new Explainer(() -> client, fx.usage(), 12_000), () -> AnalysisFixture.MODEL);

            String out = run(new AnalyzeLogCommand(analysis), log.toString());

            assertTrue(out.contains("T1  ×2  ERROR  Could not save level"), out);
            assertTrue(out.contains("> [10:00:02] [Server thread/ERROR]: Could not save level"), out);
            assertTrue(out.contains("Summary: no AI summary: "), out);
        }
    }

    private static String run(Object command, String... args) {
        var out = new StringWriter();
        var cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int code = cli.execute(args);
        assertEquals(0, code, out.toString());
        return out.toString();
    }
}
