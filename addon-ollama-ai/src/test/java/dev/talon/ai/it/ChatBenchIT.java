package dev.talon.ai.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.ai.ollama.fake.Reply;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark harness for the assistant's streaming (issue 6), not a timed test: runs only with
 * {@code -Dtalon.bench=true} and writes its tables to {@code target/BENCHMARK-chat.md} (copied into docs/BENCHMARKS.md by hand). It compares reading the fake
 * Ollama directly with reading the same answer through the panel's chat API and its gateway (time
 * to first token, gap between tokens: p50/p99, in ms and as a ratio), then holds many streams
 * open at once and measures heap per open stream and errors.
 *
 * <p>{@code ./mvnw -pl addon-ollama-ai -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ChatBenchIT -Dtalon.bench=true}
 */
@EnabledIfSystemProperty(named = "talon.bench", matches = "true")
class ChatBenchIT {

    private static final int RUNS = 40;
    private static final int TOKENS = 60;
    private static final Duration TOKEN_GAP = Duration.ofMillis(5);
    private static final int CONCURRENT = Integer.getInteger("talon.bench.streams", 200);

    @TempDir
    Path root;

    private record Timing(double ttftMs, List<Double> gapsMs) {}

    @Test
    void measure() throws Exception {
        String yml = "limits:\n  max_concurrent_requests: 200\n  chat_rate: 10000\ngateway:\n  rate: 100000\n";
        try (PanelWithAi env = PanelWithAi.start(root, yml)) {
            OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60))
                    .connectionPool(new ConnectionPool(CONCURRENT + 10, 1, java.util.concurrent.TimeUnit.MINUTES)).build();
            var client = env.newClient();
            String chatBody = "{\"model\":\"llama3.1:8b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            List<Timing> direct = new ArrayList<>();
            List<Timing> panel = new ArrayList<>();
            List<Timing> gateway = new ArrayList<>();
            for (int i = 0; i < RUNS + 5; i++) { // the first 5 of each warm up
                env.ollama.enqueue("/api/chat", Reply.chatTokens(TOKENS).withChunkDelay(TOKEN_GAP));
                Timing d = time(http, new Request.Builder().url(env.ollama.uri() + "/api/chat")
                        .post(RequestBody.create(chatBody, MediaType.get("application/json"))).build(), false);
                env.ollama.enqueue("/api/chat", Reply.chatTokens(TOKENS).withChunkDelay(TOKEN_GAP));
                Timing p = time(http, new Request.Builder().url(env.baseUrl() + "/api/ai/chat/message")
                        .header("Authorization", "Bearer " + client.apiKey())
                        .post(RequestBody.create("{\"message\":\"hi\",\"stream\":true}", MediaType.get("application/json"))).build(), true);
                env.ollama.enqueue("/api/chat", Reply.chatTokens(TOKENS).withChunkDelay(TOKEN_GAP));
                Timing g = time(http, new Request.Builder().url(env.baseUrl() + "/api/ai/ollama/api/chat")
                        .header("Authorization", "Bearer " + client.apiKey())
                        .post(RequestBody.create(chatBody, MediaType.get("application/json"))).build(), false);
                if (i >= 5) {
                    direct.add(d);
                    panel.add(p);
                    gateway.add(g);
                }
            }
            String held = holdStreams(env, http);
            write(direct, panel, gateway, held);
        }
    }

    /** Reads one streamed answer, timing the first token and the gaps between tokens. */
    private static Timing time(OkHttpClient http, Request request, boolean panelShape) throws Exception {
        long start = System.nanoTime();
        long last = 0;
        double ttft = -1;
        List<Double> gaps = new ArrayList<>();
        try (Response r = http.newCall(request).execute()) {
            if (!r.isSuccessful()) {
                throw new AssertionError("HTTP " + r.code() + " " + r.body().string());
            }
            String line;
            while ((line = r.body().source().readUtf8Line()) != null) {
                JsonNode node = Api.parse(line);
                boolean token = panelShape ? node.path("type").asText().equals("token")
                        : !node.path("message").path("content").asText().isEmpty();
                if (!token) {
                    continue;
                }
                long now = System.nanoTime();
                if (ttft < 0) {
                    ttft = (now - start) / 1e6;
                } else {
                    gaps.add((now - last) / 1e6);
                }
                last = now;
            }
        }
        return new Timing(ttft, gaps);
    }

    /** Opens CONCURRENT slow streams (one user each: one stream per user is the rule) and measures heap while all are open. */
    private static String holdStreams(PanelWithAi env, OkHttpClient http) throws Exception {
        var keys = new ArrayList<String>();
        for (int i = 0; i < CONCURRENT; i++) {
            keys.add(env.newClient().apiKey());
            env.ollama.enqueue("/api/chat", Reply.chatTokens(40).withChunkDelay(Duration.ofMillis(250)));
        }
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(CONCURRENT + 10);
        dispatcher.setMaxRequestsPerHost(CONCURRENT + 10);
        OkHttpClient many = http.newBuilder().dispatcher(dispatcher).build();
        long before = usedHeapAfterGc();
        var started = new CountDownLatch(CONCURRENT);
        var release = new CountDownLatch(1);
        var errors = new AtomicInteger();
        var done = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (String key : keys) {
            threads.add(Thread.ofVirtual().start(() -> {
                try (Response r = many.newCall(new Request.Builder().url(env.baseUrl() + "/api/ai/chat/message")
                        .header("Authorization", "Bearer " + key)
                        .post(RequestBody.create("{\"message\":\"hi\",\"stream\":true}", MediaType.get("application/json")))
                        .build()).execute()) {
                    if (r.code() != 200) {
                        errors.incrementAndGet();
                        started.countDown();
                        return;
                    }
                    r.body().source().readUtf8Line(); // start
                    r.body().source().readUtf8Line(); // first token: the stream is open end to end
                    started.countDown();
                    release.await();
                    String line;
                    String lastLine = null;
                    while ((line = r.body().source().readUtf8Line()) != null) {
                        lastLine = line;
                    }
                    if (lastLine != null && lastLine.contains("\"type\":\"done\"")) {
                        done.incrementAndGet();
                    } else {
                        errors.incrementAndGet();
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                    started.countDown();
                }
            }));
        }
        boolean allOpen = started.await(60, java.util.concurrent.TimeUnit.SECONDS);
        long during = usedHeapAfterGc();
        release.countDown();
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(60));
        }
        long after = usedHeapAfterGc();
        return String.format(Locale.ROOT, """
                | streams open at once | %d (all open: %s) |
                | completed with `done` | %d |
                | errors | %d |
                | heap before / while open / after (MiB, after GC; panel, fake Ollama and clients share the JVM) | %.1f / %.1f / %.1f |
                | heap per open stream (whole chain: client socket, panel turn, upstream call, fake server) | %.1f KiB |
                """, CONCURRENT, allOpen, done.get(), errors.get(), before / 1048576.0, during / 1048576.0, after / 1048576.0,
                (during - before) / 1024.0 / CONCURRENT);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double pct(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static List<Double> ttfts(List<Timing> t) {
        return t.stream().map(Timing::ttftMs).toList();
    }

    private static List<Double> gaps(List<Timing> t) {
        return t.stream().flatMap(x -> x.gapsMs().stream()).toList();
    }

    private static String row(String what, List<Double> base, List<Double> via) {
        double b50 = pct(base, .5), b99 = pct(base, .99), v50 = pct(via, .5), v99 = pct(via, .99);
        return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %+.2f ms (×%.2f) | %+.2f ms (×%.2f) |%n",
                what, b50, b99, v50, v99, v50 - b50, v50 / b50, v99 - b99, v99 / b99);
    }

    private static void write(List<Timing> direct, List<Timing> panel, List<Timing> gateway, String held) throws Exception {
        var out = new StringBuilder();
        out.append("# Assistant streaming benchmark (issue 6)\n\n");
        out.append("Produced by `ChatBenchIT` (`-Dtalon.bench=true`), on this machine: ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ").append(Runtime.version())
                .append(". Same run, same fake Ollama (wire-exact, ").append(TOKENS).append(" tokens ")
                .append(TOKEN_GAP.toMillis()).append(" ms apart), ").append(RUNS).append(" answers per path after 5 warm-up rounds. ")
                .append("\"Direct\" reads the fake's `/api/chat`; \"chat API\" is `POST /api/ai/chat/message` (stream, stored to H2, usage logged); ")
                .append("\"gateway\" is `/api/ai/ollama/api/chat`. All over loopback, client, panel and fake in one JVM.\n\n");
        out.append("| path / figure | direct p50 (ms) | direct p99 | via panel p50 | via panel p99 | added p50 | added p99 |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        out.append(row("chat API: time to first token", ttfts(direct), ttfts(panel)));
        out.append(row("chat API: gap between tokens", gaps(direct), gaps(panel)));
        out.append(row("gateway: time to first token", ttfts(direct), ttfts(gateway)));
        out.append(row("gateway: gap between tokens", gaps(direct), gaps(gateway)));
        out.append("\n## Many open streams\n\n| figure | value |\n|---|---|\n").append(held);
        out.append("\nThe panel's global limit `limits.max_concurrent_requests` is at most 200 (AI Settings' bound): above it,")
                .append(" new turns get a 429 at once by design, so 1,000 concurrent streams through one panel need that bound raised;")
                .append(" run with `-Dtalon.bench.streams=N` to measure other counts up to the limit.\n");
        Files.writeString(Path.of(System.getProperty("talon.bench.out", "target/BENCHMARK-chat.md")), out.toString());
        System.out.println(out);
    }
}
