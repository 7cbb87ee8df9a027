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
    private static final int CONCURRENT = Integer.getInteger("talon.bench.streams", 1000);
    /** The held streams: long enough (60 s) that every one is still streaming upstream when heap is measured. */
    private static final int HELD_TOKENS = 120;
    private static final Duration HELD_GAP = Duration.ofMillis(500);

    @TempDir
    Path root;

    private record Timing(double ttftMs, List<Double> gapsMs) {}

    @Test
    void measure() throws Exception {
        // The global limit at its maximum, so that up to 1,000 streams run at once without a 429.
        String yml = "limits:\n  max_concurrent_requests: 1000\n  chat_rate: 10000\ngateway:\n  rate: 100000\n";
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
            var keys = new ArrayList<String>();
            for (int i = 0; i < CONCURRENT; i++) {
                keys.add(env.newClient().apiKey());
            }
            long baseline = usedHeapAfterGc();
            // Twice, with the same users: a leak would show as a second "after" above the first.
            Held first = holdStreams(env, http, keys);
            Held second = holdStreams(env, http, keys);
            write(direct, panel, gateway, held(baseline, first, second));
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

    /** One round of held streams; heap in bytes after GC, times in seconds from the first request. */
    private record Held(boolean allOpen, double openSeconds, double measuredAt, boolean allLive, int done, double doneSeconds,
                        int errors, String firstError, long heapBefore, long heapDuring, long heapAfter,
                        int threadsBefore, int threadsDuring, int threadsAfter) {}

    /**
     * Opens CONCURRENT slow streams through the chat API (one user each: one stream per user is the
     * rule), waits until every one has delivered its first token, measures heap and platform threads
     * while all are open, then lets them read to the end and measures again after they closed.
     */
    private static Held holdStreams(PanelWithAi env, OkHttpClient http, List<String> keys) throws Exception {
        for (int i = 0; i < keys.size(); i++) {
            env.ollama.enqueue("/api/chat", Reply.chatTokens(HELD_TOKENS).withChunkDelay(HELD_GAP));
        }
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(CONCURRENT + 10);
        dispatcher.setMaxRequestsPerHost(CONCURRENT + 10);
        OkHttpClient many = http.newBuilder().dispatcher(dispatcher).readTimeout(Duration.ofSeconds(120))
                .connectionPool(new ConnectionPool(CONCURRENT + 10, 1, java.util.concurrent.TimeUnit.MINUTES)).build();
        var threadsMx = ManagementFactory.getThreadMXBean();
        long before = usedHeapAfterGc();
        int threadsBefore = threadsMx.getThreadCount();
        var started = new CountDownLatch(keys.size());
        var release = new CountDownLatch(1);
        var errors = new AtomicInteger();
        var done = new AtomicInteger();
        var firstError = new java.util.concurrent.atomic.AtomicReference<String>();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (String key : keys) {
            threads.add(Thread.ofVirtual().start(() -> {
                try (Response r = many.newCall(new Request.Builder().url(env.baseUrl() + "/api/ai/chat/message")
                        .header("Authorization", "Bearer " + key)
                        .post(RequestBody.create("{\"message\":\"hi\",\"stream\":true}", MediaType.get("application/json")))
                        .build()).execute()) {
                    if (r.code() != 200) {
                        firstError.compareAndSet(null, "HTTP " + r.code() + " " + r.body().string());
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
                        firstError.compareAndSet(null, "ended with " + lastLine);
                        errors.incrementAndGet();
                    }
                } catch (Exception e) {
                    firstError.compareAndSet(null, e.toString());
                    errors.incrementAndGet();
                    started.countDown();
                }
            }));
        }
        boolean allOpen = started.await(90, java.util.concurrent.TimeUnit.SECONDS);
        double openSeconds = (System.nanoTime() - t0) / 1e9;
        long during = usedHeapAfterGc();
        int threadsDuring = threadsMx.getThreadCount();
        double measuredAt = (System.nanoTime() - t0) / 1e9;
        // Every stream started after t0 and lasts HELD_TOKENS × HELD_GAP: measured before that ran
        // out, none had finished upstream.
        boolean allLive = measuredAt < HELD_TOKENS * HELD_GAP.toMillis() / 1000.0;
        release.countDown();
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(120));
        }
        double doneSeconds = (System.nanoTime() - t0) / 1e9;
        many.connectionPool().evictAll(); // the test client's idle sockets are not the panel's
        Thread.sleep(1000); // let the panel finish storing the last answers
        long after = usedHeapAfterGc();
        return new Held(allOpen, openSeconds, measuredAt, allLive, done.get(), doneSeconds, errors.get(), firstError.get(),
                before, during, after, threadsBefore, threadsDuring, threadsMx.getThreadCount());
    }

    private static String held(long baseline, Held first, Held second) {
        var rows = new StringBuilder(String.format(Locale.ROOT,
                "| figure (`limits.max_concurrent_requests: 1000`; each stream a chat-API turn and a call upstream) | round 1 | round 2 |%n|---|---|---|%n"));
        java.util.function.BiConsumer<String, java.util.function.Function<Held, String>> row = (name, f) ->
                rows.append("| ").append(name).append(" | ").append(f.apply(first)).append(" | ").append(f.apply(second)).append(" |\n");
        row.accept("streams open at once", h -> String.format(Locale.ROOT, "%d (all open: %s, in %.1f s)", CONCURRENT, h.allOpen, h.openSeconds));
        row.accept("every stream still streaming upstream when measured (" + HELD_TOKENS + " tokens " + HELD_GAP.toMillis() + " ms apart)",
                h -> String.format(Locale.ROOT, "%s (at %.1f s)", h.allLive, h.measuredAt));
        row.accept("completed with `done`", h -> String.format(Locale.ROOT, "%d (all by %.1f s)", h.done, h.doneSeconds));
        row.accept("errors", h -> h.errors + (h.firstError == null ? "" : " (first: " + h.firstError + ")"));
        row.accept("heap before / while open / after all closed (MiB, after GC; panel, fake Ollama and clients share the JVM)",
                h -> String.format(Locale.ROOT, "%.1f / %.1f / %.1f", mib(h.heapBefore), mib(h.heapDuring), mib(h.heapAfter)));
        row.accept("heap per open stream (whole chain: client socket, panel turn, upstream call, fake server)",
                h -> String.format(Locale.ROOT, "%.1f KiB", (h.heapDuring - h.heapBefore) / 1024.0 / CONCURRENT));
        row.accept("heap after all closed, above the baseline before round 1 (" + String.format(Locale.ROOT, "%.1f", mib(baseline)) + " MiB)",
                h -> String.format(Locale.ROOT, "%+.1f MiB", mib(h.heapAfter - baseline)));
        row.accept("live platform threads before / while open / after (JVM-wide; virtual threads are not counted)",
                h -> h.threadsBefore + " / " + h.threadsDuring + " / " + h.threadsAfter);
        return rows.toString();
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
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
        out.append("\n## Many open streams\n\n").append(held);
        out.append("\nThe panel's global limit `limits.max_concurrent_requests` (default 10, at most 1,000) is set to 1,000 for")
                .append(" this run; past it and its wait queue new turns get a 429 at once by design.")
                .append(" `-Dtalon.bench.streams=N` measures another number of open streams.\n");
        Files.writeString(Path.of(System.getProperty("talon.bench.out", "target/BENCHMARK-chat.md")), out.toString());
        System.out.println(out);
    }
}
