package dev.talon.core.servers.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.ServerRepository;
import dev.talon.core.servers.ServersFixture;
import dev.talon.core.servers.node.PowerAction;
import dev.talon.core.servers.node.console.ConsoleEntry;
import dev.talon.core.testing.TestPanel;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * Benchmark harness (not a test): console fan-out from one server to V real WebSocket viewers on
 * loopback. A real panel ({@link TestPanel}) runs a generic-template server whose command is
 * {@code seq 1 N}, which prints N lines as fast as the pipe takes them; V viewers speak Wings'
 * protocol ({@code auth} with the token from {@code GET /api/client/servers/{id}/websocket})
 * before the server starts. Per run it prints the reader's time to publish all lines, lines/s
 * delivered per viewer (median) and in total, lines dropped for slow viewers, and the JVM's CPU
 * time (panel and viewers share it). A run with 0 viewers gives the cost of the reader alone
 * (pipe read, log file, ring buffer). Every run is bounded by a 120 s deadline.
 * Run with bench/servers-fanout.sh [viewers] [lines] [runs].
 *
 * <p>Paced mode ({@code paced [viewers] [seconds] [repeats] [rates...]}) runs {@link PacedPrinter}
 * as the server instead, at each rate in lines/s (default 1k, 2k, 5k, 10k, 20k) for the given
 * seconds, repeated; it prints every run and, per rate, the medians of delivered and dropped lines,
 * so the rate below which 50 viewers drop nothing can be read off.
 */
public final class ConsoleFanoutBench {

    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(120);
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(3);

    /** What one run measured. */
    private record Result(long delivered, long expected, double medianPerViewer) {
        long dropped() {
            return expected - delivered;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("paced")) {
            paced(args);
            return;
        }
        int viewers = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int lines = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path root = Files.createTempDirectory("talon-bench-fanout");
        OkHttpClient http = new OkHttpClient.Builder().dispatcher(new Dispatcher()).build();
        try (TestPanel panel = TestPanel.start(root)) {
            ServersFixture fixture = new ServersFixture(panel);
            ServersFixture.Account owner = fixture.account("bench@example.com");
            System.out.printf("viewers=%d lines=%d runs=%d cores=%d java=%s%n", viewers, lines, runs,
                    Runtime.getRuntime().availableProcessors(), Runtime.version());
            String seq = "seq 1 " + lines;
            run(fixture, owner, http, 0, seq, lines, "warm-up (0 viewers)");
            for (int i = 1; i <= runs; i++) {
                run(fixture, owner, http, 0, seq, lines, "reader-only " + i);
            }
            for (int i = 1; i <= runs; i++) {
                run(fixture, owner, http, viewers, seq, lines, "fan-out " + i);
            }
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private static void paced(String[] args) throws Exception {
        int viewers = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        List<Integer> rates = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            rates.add(Integer.parseInt(args[i]));
        }
        if (rates.isEmpty()) {
            rates.addAll(List.of(1_000, 2_000, 5_000, 10_000, 20_000));
        }
        // the printer runs from this harness's own classes, with the node's java; no shell involved
        String classes = Path.of(PacedPrinter.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Path root = Files.createTempDirectory("talon-bench-paced");
        OkHttpClient http = new OkHttpClient.Builder().dispatcher(new Dispatcher()).build();
        try (TestPanel panel = TestPanel.start(root)) {
            ServersFixture fixture = new ServersFixture(panel);
            ServersFixture.Account owner = fixture.account("bench@example.com");
            System.out.printf("paced: viewers=%d seconds=%d repeats=%d rates=%s cores=%d java=%s%n", viewers, seconds, repeats, rates,
                    Runtime.getRuntime().availableProcessors(), Runtime.version());
            run(fixture, owner, http, viewers, printer(classes, 1_000, 2), 2_000, "warm-up");
            List<String> summary = new ArrayList<>();
            for (int rate : rates) {
                List<Result> results = new ArrayList<>();
                for (int i = 1; i <= repeats; i++) {
                    results.add(run(fixture, owner, http, viewers, printer(classes, rate, seconds), rate * seconds,
                            "paced " + rate + "/s #" + i));
                }
                List<Long> dropped = results.stream().map(Result::dropped).sorted().toList();
                List<Long> delivered = results.stream().map(Result::delivered).sorted().toList();
                List<Double> perViewer = results.stream().map(Result::medianPerViewer).sorted().toList();
                summary.add(String.format("rate=%d lines/s: expected=%d median_delivered=%d median_dropped=%d (%.2f%%) dropped_per_run=%s"
                                + " median_per_viewer_lines_per_s=%.0f", rate, results.getFirst().expected(), delivered.get(repeats / 2),
                        dropped.get(repeats / 2), 100.0 * dropped.get(repeats / 2) / results.getFirst().expected(), dropped,
                        perViewer.get(repeats / 2)));
            }
            summary.forEach(System.out::println);
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private static String printer(String classes, int rate, int seconds) {
        return "{{JAVA}} -Xmx32m -XX:TieredStopAtLevel=1 -cp '" + classes + "' " + PacedPrinter.class.getName() + " " + rate + " " + seconds;
    }

    private static Result run(ServersFixture fixture, ServersFixture.Account owner, OkHttpClient http, int viewerCount,
            String command, int lines, String label) throws Exception {
        GameServer server = fixture.service().create(new ServerRepository.NewServer("Fan-out bench", "", owner.user().id(),
                "generic", command, Map.of(), 256, false), null, null);
        List<Viewer> viewers = new ArrayList<>();
        CountDownLatch authed = new CountDownLatch(viewerCount);
        for (int i = 0; i < viewerCount; i++) {
            JsonNode ws = fixture.apiJson(owner.key(), "/api/client/servers/" + server.identifier() + "/websocket");
            viewers.add(new Viewer(http, ws.path("data").path("socket").asText(), ws.path("data").path("token").asText(), authed));
        }
        if (!authed.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("viewers did not authenticate: " + authed.getCount() + " left");
        }
        String last = Integer.toString(lines);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        fixture.service().power(server, PowerAction.START, null, null);
        long deadline = start + DEADLINE_NANOS;
        long readerDone = 0;
        while (System.nanoTime() < deadline) {
            if (readerDone == 0) {
                List<ConsoleEntry> recent = fixture.service().node().recentConsole(server.uuid());
                if (recent.stream().anyMatch(e -> e.text().equals(last))) {
                    readerDone = System.nanoTime();
                }
            }
            if (readerDone != 0) {
                boolean allDone = viewers.stream().allMatch(v -> v.max.get() == lines);
                long lastFrame = viewers.stream().mapToLong(v -> v.lastArrival.get()).max().orElse(readerDone);
                if (allDone || System.nanoTime() - Math.max(lastFrame, readerDone) > IDLE_NANOS) {
                    break;
                }
            }
            Thread.sleep(5);
        }
        long cpuNanos = os.getProcessCpuTime() - cpuBefore;
        viewers.forEach(Viewer::close);
        if (readerDone == 0) {
            System.out.printf("%s: reader did not finish within the deadline%n", label);
            return new Result(0, (long) lines * viewerCount, 0);
        }
        double readerSec = (readerDone - start) / 1e9;
        long received = viewers.stream().mapToLong(v -> v.count.get()).sum();
        long endNanos = viewers.stream().mapToLong(v -> v.lastArrival.get()).max().orElse(readerDone);
        List<Double> perViewer = new ArrayList<>();
        for (Viewer v : viewers) {
            perViewer.add(v.count.get() / ((v.lastArrival.get() - start) / 1e9));
        }
        perViewer.sort(null);
        double medianPerViewer = perViewer.isEmpty() ? 0 : perViewer.get(perViewer.size() / 2);
        long expected = (long) lines * viewerCount;
        System.out.printf("%s: viewers=%d reader_s=%.3f reader_lines_per_s=%.0f delivered=%d/%d dropped=%d (%.2f%%)"
                        + " per_viewer_median_lines_per_s=%.0f total_lines_per_s=%.0f deliver_s=%.3f cpu_s=%.3f cpu_us_per_line_read=%.2f%n",
                label, viewerCount, readerSec, lines / readerSec, received, expected, expected - received,
                expected == 0 ? 0.0 : 100.0 * (expected - received) / expected, medianPerViewer,
                viewerCount == 0 ? 0.0 : received / ((endNanos - start) / 1e9), (Math.max(endNanos, readerDone) - start) / 1e9,
                cpuNanos / 1e9, cpuNanos / 1e3 / lines);
        if (fixture.service().node().state(server.uuid()) != dev.talon.core.servers.node.PowerState.OFFLINE) {
            fixture.service().node().power(server.uuid(), PowerAction.KILL);
        }
        return new Result(received, expected, medianPerViewer);
    }

    /** One Wings-protocol viewer that only counts the {@code seq} lines it receives. */
    private static final class Viewer {
        final AtomicLong count = new AtomicLong();
        final AtomicLong max = new AtomicLong();
        final AtomicLong lastArrival = new AtomicLong();
        private final WebSocket socket;

        Viewer(OkHttpClient http, String url, String token, CountDownLatch authed) {
            socket = http.newWebSocket(new Request.Builder().url(url).build(), new WebSocketListener() {
                @Override
                public void onMessage(WebSocket webSocket, String text) {
                    if (text.contains("\"auth success\"")) {
                        authed.countDown();
                        return;
                    }
                    if (!text.contains("\"console output\"")) {
                        return;
                    }
                    int open = text.indexOf("[\"");
                    int close = text.indexOf("\"]", open);
                    if (open < 0 || close < 0) {
                        return;
                    }
                    String line = text.substring(open + 2, close);
                    if (!line.isEmpty() && line.chars().allMatch(Character::isDigit)) {
                        count.incrementAndGet();
                        max.accumulateAndGet(Long.parseLong(line), Math::max);
                        lastArrival.set(System.nanoTime());
                    }
                }
            });
            socket.send("{\"event\":\"auth\",\"args\":[\"" + token + "\"]}");
        }

        void close() {
            socket.close(1000, "bench done");
        }
    }
}
