package dev.talon.core.servers.node;

import dev.talon.core.servers.node.template.Templates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Benchmark harness (not a test): the cost of one metrics pass ({@link LocalNode#sampleNow}) over N
 * running servers, each a cheap {@code sleep 600} child started by the node from the generic
 * template. Prints the median wall time per pass and its share of one core at the 5 s interval.
 * Run with bench/servers-metrics.sh [servers] [passes].
 */
public final class MetricsSamplingBench {

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path data = Files.createTempDirectory("talon-bench-metrics");
        try (LocalNode node = LocalNode.open(TestServers.config(data), new NodeListener() {})) {
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSpec spec = ServerSpec.of(UUID.randomUUID(), Templates.generic(), Map.of()).withStartup("sleep 600");
                node.register(spec);
                node.start(spec.uuid());
                ids.add(spec.uuid());
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (node.sampleNow().size() < count && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            int sampled = node.sampleNow().size();
            for (int i = 0; i < 5; i++) {
                node.sampleNow();
            }
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < passes; i++) {
                long start = System.nanoTime();
                node.sampleNow();
                millis.add((System.nanoTime() - start) / 1e6);
            }
            Collections.sort(millis);
            double median = millis.get(millis.size() / 2);
            System.out.printf("servers=%d sampled=%d passes=%d median_ms=%.2f min_ms=%.2f max_ms=%.2f cpu_share_at_5s=%.3f%%%n",
                    count, sampled, passes, median, millis.getFirst(), millis.getLast(), median / 5000 * 100);
            for (UUID id : ids) {
                node.power(id, PowerAction.KILL);
            }
        }
    }
}
