package dev.talon.ai.help.bench;

import dev.talon.ai.console.ConsoleSuggestions;
import dev.talon.ai.help.Bm25Index;
import dev.talon.ai.help.BundledArticles;
import dev.talon.ai.help.Chunk;
import dev.talon.ai.help.Chunker;
import dev.talon.ai.help.HelpDocument;
import dev.talon.ai.help.ReciprocalRankFusion;
import dev.talon.ai.help.VectorIndex;
import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.ai.testing.AddonPanel;
import dev.talon.api.events.ConsoleLine;
import dev.talon.core.servers.ServersFixture;
import dev.talon.core.testing.WebClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark harness for issue 8's figures (not a test: run by hand, see docs/BENCHMARKS.md, "Console
 * suggestions and help retrieval"):
 * <ol>
 *   <li>instant console suggestions: {@link ConsoleSuggestions#suggest} in process with a full
 *       per-server history (500 commands), and the same through HTTP
 *       ({@code GET /ai/console/{id}/suggest}) on a real panel with the built add-on jar, one client,
 *       sequential requests — p50/p99;</li>
 *   <li>indexing throughput: chunking plus building the Lucene BM25 index for a generated corpus of
 *       about 10,000 passages (chunks/s and MB/s of Markdown);</li>
 *   <li>retrieval latency over those 10,000 passages: BM25 alone, and hybrid (BM25 + a 768-dimension
 *       cosine scan + reciprocal rank fusion; the query's embedding call to Ollama is not included,
 *       Ollama doesn't run here).</li>
 * </ol>
 * Usage: {@code java -Dtalon.addon.jar=target/ollama-ai-….jar -cp … HelpBench}. Each figure is the
 * median of 5 rounds after 2 warm-up rounds.
 */
public final class HelpBench {

    private static final int ROUNDS = 5;
    private static final int WARMUP = 2;

    public static void main(String[] args) throws Exception {
        suggestionsInProcess();
        suggestionsOverHttp();
        List<HelpDocument> corpus = corpus(10_000);
        List<Chunk> chunks = indexing(corpus);
        retrieval(chunks);
    }

    // ---- 1. instant suggestions ----

    private static void suggestionsInProcess() {
        var suggestions = new ConsoleSuggestions();
        String server = "0b7e1c2a-1111-4222-8333-944455556666";
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) { // more than the 500 kept: the map is full
            suggestions.onConsoleLine(new ConsoleLine(server, command(random, i), "stdin", Instant.now()));
        }
        String[] prefixes = {"", "s", "sa", "say ", "w", "whitelist a", "g", "give Steve ", "tp ", "x", "kick Alex", "time set"};
        double[] p50 = new double[ROUNDS];
        double[] p99 = new double[ROUNDS];
        double[] max = new double[ROUNDS];
        for (int round = -WARMUP; round < ROUNDS; round++) {
            long[] nanos = new long[50_000];
            for (int i = 0; i < nanos.length; i++) {
                long t = System.nanoTime();
                List<String> out = suggestions.suggest(server, prefixes[i % prefixes.length], 8);
                nanos[i] = System.nanoTime() - t;
                if (out.size() > 8) {
                    throw new AssertionError();
                }
            }
            if (round >= 0) {
                Arrays.sort(nanos);
                p50[round] = nanos[nanos.length / 2] / 1e6;
                p99[round] = nanos[(int) (nanos.length * 0.99)] / 1e6;
                max[round] = nanos[nanos.length - 1] / 1e6;
            }
        }
        System.out.printf(Locale.ROOT, "suggest, in process (500 remembered commands, 50,000 calls a round): "
                + "p50 %.3f ms, p99 %.3f ms (median of %d rounds; p99 min %.3f, max %.3f), slowest call %.2f ms%n",
                median(p50), median(p99), ROUNDS, min(p99), maxOf(p99), median(max));
    }

    private static void suggestionsOverHttp() throws Exception {
        Path root = Files.createTempDirectory("help-bench");
        try (var ai = AddonPanel.start(root, FakeOllama.start(), null, Map.of())) {
            var servers = new ServersFixture(ai.panel);
            var owner = servers.account("bench@example.com");
            var server = servers.demoServer(owner.user().id(), false, Map.of());
            WebClient web = ai.panel.client();
            web.login("bench@example.com", "password-123456");
            String[] prefixes = {"s", "sa", "w", "whitelist", "g", "time", "k", "op"};
            double[] p50 = new double[ROUNDS];
            double[] p99 = new double[ROUNDS];
            for (int round = -WARMUP; round < ROUNDS; round++) {
                long[] nanos = new long[2_000];
                for (int i = 0; i < nanos.length; i++) {
                    String path = "/ai/console/" + server.identifier() + "/suggest?q=" + prefixes[i % prefixes.length];
                    long t = System.nanoTime();
                    var page = web.get(path);
                    nanos[i] = System.nanoTime() - t;
                    if (page.status() != 200) {
                        throw new AssertionError(page.status() + " " + page.body());
                    }
                }
                if (round >= 0) {
                    Arrays.sort(nanos);
                    p50[round] = nanos[nanos.length / 2] / 1e6;
                    p99[round] = nanos[(int) (nanos.length * 0.99)] / 1e6;
                }
            }
            System.out.printf(Locale.ROOT, "suggest, over HTTP (real panel + add-on jar, one client, 2,000 sequential GETs a round): "
                    + "p50 %.2f ms, p99 %.2f ms (median of %d rounds; p99 min %.2f, max %.2f)%n",
                    median(p50), median(p99), ROUNDS, min(p99), maxOf(p99));
        }
    }

    private static String command(Random random, int i) {
        String[] names = {"Steve", "Alex", "notch_42", "Builder99", "Luna", "kai"};
        String name = names[random.nextInt(names.length)];
        return switch (random.nextInt(6)) {
            case 0 -> "say hello " + i;
            case 1 -> "whitelist add " + name + i;
            case 2 -> "give " + name + " minecraft:diamond " + random.nextInt(64);
            case 3 -> "tp " + name + " " + random.nextInt(1000) + " 64 " + random.nextInt(1000);
            case 4 -> "kick " + name + " spam " + i;
            default -> "time set " + random.nextInt(24000);
        };
    }

    // ---- 2. indexing ----

    /** Generated Markdown articles from the bundled articles' vocabulary: {@code passages} sections of ~90 words. */
    static List<HelpDocument> corpus(int passages) {
        List<String> vocabulary = new ArrayList<>();
        for (HelpDocument d : BundledArticles.load()) {
            for (String w : d.markdown().split("[^A-Za-z0-9.-]+")) {
                if (w.length() > 2) {
                    vocabulary.add(w.toLowerCase(Locale.ROOT));
                }
            }
        }
        Random random = new Random(7);
        List<HelpDocument> docs = new ArrayList<>();
        int perDoc = 100;
        for (int d = 0; d < passages / perDoc; d++) {
            StringBuilder md = new StringBuilder("# Generated article " + d + "\n");
            for (int s = 0; s < perDoc; s++) {
                md.append("## Section ").append(s).append(' ').append(vocabulary.get(random.nextInt(vocabulary.size()))).append('\n');
                for (int w = 0; w < 90; w++) {
                    md.append(vocabulary.get(random.nextInt(vocabulary.size()))).append(w % 15 == 14 ? ".\n" : " ");
                }
                md.append("\n\n");
            }
            docs.add(HelpDocument.of("generated-" + d, md.toString(), false));
        }
        return docs;
    }

    private static List<Chunk> indexing(List<HelpDocument> corpus) {
        long bytes = corpus.stream().mapToLong(d -> d.markdown().getBytes(StandardCharsets.UTF_8).length).sum();
        var chunker = new Chunker(120, 30); // the add-on's settings
        double[] seconds = new double[ROUNDS];
        List<Chunk> chunks = List.of();
        for (int round = -WARMUP; round < ROUNDS; round++) {
            long t = System.nanoTime();
            chunks = chunker.chunk(corpus);
            try (var index = new Bm25Index(chunks)) {
                if (index.search("port", 1).isEmpty()) {
                    throw new AssertionError("empty index");
                }
            }
            if (round >= 0) {
                seconds[round] = (System.nanoTime() - t) / 1e9;
            }
        }
        double s = median(seconds);
        System.out.printf(Locale.ROOT, "indexing (chunk + Lucene BM25 build): %,d passages, %.1f MB of Markdown in %.2f s median of %d "
                + "(min %.2f, max %.2f) = %,.0f passages/s, %.1f MB/s%n", chunks.size(), bytes / 1e6, s, ROUNDS, min(seconds),
                maxOf(seconds), chunks.size() / s, bytes / 1e6 / s);
        return chunks;
    }

    // ---- 3. retrieval ----

    private static void retrieval(List<Chunk> chunks) {
        Random random = new Random(11);
        int dims = 768; // nomic-embed-text
        List<float[]> vectors = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            vectors.add(randomVector(random, dims));
        }
        var vectorIndex = new VectorIndex("nomic-embed-text", vectors);
        String[] queries = {"server says I need to agree to the EULA", "how do I restore a backup", "port already in use",
                "java heap space out of memory", "turn on two-factor authentication", "lag and tps drops with many players",
                "schedule a daily restart", "which java version for paper 1.21"};
        float[][] queryVectors = new float[queries.length][];
        for (int i = 0; i < queries.length; i++) {
            queryVectors[i] = randomVector(random, dims);
        }
        try (var bm25 = new Bm25Index(chunks)) {
            double[] bmP50 = new double[ROUNDS];
            double[] bmP99 = new double[ROUNDS];
            double[] hyP50 = new double[ROUNDS];
            double[] hyP99 = new double[ROUNDS];
            for (int round = -WARMUP; round < ROUNDS; round++) {
                long[] lexical = new long[400];
                long[] hybrid = new long[400];
                for (int i = 0; i < lexical.length; i++) {
                    String q = queries[i % queries.length];
                    long t = System.nanoTime();
                    List<Integer> hits = bm25.search(q, 20).stream().map(Bm25Index.Hit::ordinal).toList();
                    lexical[i] = System.nanoTime() - t;
                    t = System.nanoTime();
                    List<Integer> lex = bm25.search(q, 20).stream().map(Bm25Index.Hit::ordinal).toList();
                    List<Integer> fused = ReciprocalRankFusion.fuse(List.of(lex, vectorIndex.nearest(queryVectors[i % queries.length], 20)));
                    hybrid[i] = System.nanoTime() - t;
                    if (hits.isEmpty() || fused.isEmpty()) {
                        throw new AssertionError("no hits for " + q);
                    }
                }
                if (round >= 0) {
                    Arrays.sort(lexical);
                    Arrays.sort(hybrid);
                    bmP50[round] = lexical[lexical.length / 2] / 1e6;
                    bmP99[round] = lexical[(int) (lexical.length * 0.99)] / 1e6;
                    hyP50[round] = hybrid[hybrid.length / 2] / 1e6;
                    hyP99[round] = hybrid[(int) (hybrid.length * 0.99)] / 1e6;
                }
            }
            System.out.printf(Locale.ROOT, "retrieval over %,d passages, BM25 alone (top 20): p50 %.2f ms, p99 %.2f ms (median of %d)%n",
                    chunks.size(), median(bmP50), median(bmP99), ROUNDS);
            System.out.printf(Locale.ROOT, "retrieval over %,d passages, hybrid (BM25 + %d-d cosine scan + RRF, query embedding excluded): "
                    + "p50 %.2f ms, p99 %.2f ms (median of %d)%n", chunks.size(), dims, median(hyP50), median(hyP99), ROUNDS);
        }
    }

    private static float[] randomVector(Random random, int dims) {
        float[] v = new float[dims];
        for (int j = 0; j < dims; j++) {
            v[j] = (float) random.nextGaussian();
        }
        return v;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static double maxOf(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
