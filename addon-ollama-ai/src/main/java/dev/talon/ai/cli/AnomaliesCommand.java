package dev.talon.ai.cli;

import dev.talon.ai.analysis.performance.AnomalyDetector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./panel ai:anomalies FILE.csv}: reads {@code timestamp,value} rows (a header row is
 * skipped) and prints {@code timestamp,value,anomaly_score} with the score in 0..1 from the same
 * detector the performance job uses, so operators can try it on their own exported metrics.
 */
@Command(name = "ai:anomalies", mixinStandardHelpOptions = true,
        description = "Scores a timestamp,value CSV with the performance detector; prints timestamp,value,anomaly_score (0..1).")
public final class AnomaliesCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE.csv", description = "rows of timestamp,value")
    Path file;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        var detector = AnomalyDetector.defaults();
        out.println("timestamp,value,anomaly_score");
        int row = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                row++;
                if (line.isBlank()) {
                    continue;
                }
                int comma = line.indexOf(',');
                if (comma < 0) {
                    spec.commandLine().getErr().println("Row " + row + " is not timestamp,value: " + line);
                    return 1;
                }
                String timestamp = line.substring(0, comma).strip();
                double value;
                try {
                    value = Double.parseDouble(line.substring(comma + 1).strip());
                } catch (NumberFormatException e) {
                    if (row == 1) {
                        continue; // a header row
                    }
                    spec.commandLine().getErr().println("Row " + row + " has no number as its value: " + line);
                    return 1;
                }
                out.println(timestamp + "," + line.substring(comma + 1).strip() + ","
                        + String.format(Locale.ROOT, "%.3f", detector.score(value)));
            }
        }
        out.flush();
        return 0;
    }
}
