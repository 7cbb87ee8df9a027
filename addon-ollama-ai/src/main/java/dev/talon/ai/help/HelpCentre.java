package dev.talon.ai.help;

import dev.talon.ai.ollama.Feature;
import dev.talon.ai.ollama.OllamaClient;
import dev.talon.ai.ollama.api.EmbedRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The help centre's retrieval: BM25 over every passage always, plus embeddings from Ollama's
 * embedding model when they could be made, fused by {@link ReciprocalRankFusion}. With Ollama down
 * (or the embedding model missing) it answers from BM25 alone; nothing here waits for Ollama
 * except one query embedding.
 *
 * <p>Lifecycle and threading: {@link #index} swaps in a new immutable {@link Snapshot} (re-indexing
 * when documents change) and starts embedding its passages on a virtual thread; searches read the
 * current snapshot without locks. A failed embedding run is retried from a search, at most once per
 * {@link #RETRY_NANOS}.
 */
public final class HelpCentre {

    private static final Logger log = LoggerFactory.getLogger(HelpCentre.class);
    static final long RETRY_NANOS = 30_000_000_000L;
    private static final int CANDIDATES = 20;
    private static final int BATCH = 32;

    /** How a search was answered. */
    public enum Mode { BM25, HYBRID }

    /** An article in the results, with its best passage. */
    public record Result(HelpDocument document, Chunk best) {}

    /**
     * @param passages the fused passages, best first (what an answer is grounded in)
     * @param articles one entry per document, in the order of its best passage
     */
    public record Search(String query, Mode mode, List<Chunk> passages, List<Result> articles) {}

    private record Snapshot(List<HelpDocument> documents, List<Chunk> chunks, Bm25Index bm25, VectorIndex vectors) {}

    private final Supplier<OllamaClient> client;
    private final Supplier<String> embeddingModel;
    private final Chunker chunker;
    private final LongSupplier nanos;
    private final java.util.concurrent.Executor background;
    private final AtomicBoolean embedding = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private volatile Snapshot snapshot;
    private volatile long lastAttempt;

    /** @param background runs embedding work (a virtual thread per task in the add-on; tests pass their own) */
    public HelpCentre(Supplier<OllamaClient> client, Supplier<String> embeddingModel, Chunker chunker, LongSupplier nanos,
                      java.util.concurrent.Executor background) {
        this.background = background;
        this.client = client;
        this.embeddingModel = embeddingModel;
        this.chunker = chunker;
        this.nanos = nanos;
    }

    /** Indexes {@code documents} (replacing what was there) and starts embedding them in the background. */
    public void index(List<HelpDocument> documents) {
        List<Chunk> chunks = chunker.chunk(documents);
        Snapshot previous = snapshot;
        snapshot = new Snapshot(List.copyOf(documents), chunks, new Bm25Index(chunks), null);
        if (previous != null) {
            previous.bm25().close();
        }
        embedInBackground();
    }

    public List<HelpDocument> documents() {
        return snapshot.documents();
    }

    public Optional<HelpDocument> document(String slug) {
        return snapshot.documents().stream().filter(d -> d.slug().equals(slug)).findFirst();
    }

    /** Whether passages have embeddings from the current embedding model. */
    public boolean vectorsReady() {
        return vectorsReady(snapshot);
    }

    private boolean vectorsReady(Snapshot s) {
        return s.vectors() != null && s.vectors().model().equals(embeddingModel.get());
    }

    /** The best passages and articles for {@code query}; hybrid when vectors are ready and the query embeds. */
    public Search search(String query, int articles) {
        Snapshot s = snapshot;
        List<Integer> lexical = s.bm25().search(query, CANDIDATES).stream().map(Bm25Index.Hit::ordinal).toList();
        List<Integer> order = lexical;
        Mode mode = Mode.BM25;
        if (!vectorsReady(s)) { // the snapshot read once: a re-index may swap in one without vectors meanwhile
            if (nanos.getAsLong() - lastAttempt > RETRY_NANOS) {
                embedInBackground();
            }
        } else if (query != null && !query.isBlank()) {
            Optional<float[]> q = embedQuery(s.vectors().model(), query);
            if (q.isPresent()) {
                order = ReciprocalRankFusion.fuse(List.of(lexical, s.vectors().nearest(q.get(), CANDIDATES)));
                mode = Mode.HYBRID;
            }
        }
        List<Chunk> passages = order.stream().map(s.chunks()::get).toList();
        Map<String, Result> perArticle = new LinkedHashMap<>();
        for (Chunk c : passages) {
            perArticle.putIfAbsent(c.document().slug(), new Result(c.document(), c));
        }
        return new Search(query, mode, passages, perArticle.values().stream().limit(articles).toList());
    }

    private Optional<float[]> embedQuery(String model, String query) {
        try {
            // nomic-embed-text is trained with task prefixes; other models just see a short prefix.
            return Optional.of(client.get().embed(Feature.HELP, EmbedRequest.of(model, List.of("search_query: " + query)))
                    .embeddings().getFirst());
        } catch (RuntimeException e) { // typed OllamaException or anything unexpected
            log.debug("Help search falls back to BM25: the query could not be embedded ({})", e.toString());
            return Optional.empty();
        }
    }

    /**
     * Starts an embedding run unless one is going; a call during a run makes that run go again for
     * the newest snapshot (a re-index mid-run must not be left without vectors until a later retry).
     */
    private void embedInBackground() {
        wanted.set(true);
        if (!embedding.compareAndSet(false, true)) {
            return;
        }
        lastAttempt = nanos.getAsLong();
        background.execute(() -> {
            try {
                while (wanted.getAndSet(false)) {
                    embedAll();
                }
            } finally {
                embedding.set(false);
            }
            if (wanted.get()) { // asked for between the loop's last check and the flag's release
                embedInBackground();
            }
        });
    }

    /** Embeds every passage of the current snapshot; on any failure keeps BM25 only, to retry later. */
    void embedAll() {
        Snapshot s = snapshot;
        String model = embeddingModel.get();
        List<float[]> vectors = new ArrayList<>(s.chunks().size());
        try {
            for (int from = 0; from < s.chunks().size(); from += BATCH) {
                List<String> input = s.chunks().subList(from, Math.min(s.chunks().size(), from + BATCH)).stream()
                        .map(c -> "search_document: " + c.document().title() + " — " + c.text()).toList();
                vectors.addAll(client.get().embed(Feature.HELP, EmbedRequest.of(model, input)).embeddings());
            }
        } catch (RuntimeException e) { // typed OllamaException or anything unexpected
            log.info("Help centre: no embeddings from {} ({}); searching with BM25 only", model, e.getMessage());
            return;
        }
        if (vectors.size() != s.chunks().size()) {
            log.warn("Help centre: {} answered {} vectors for {} passages; BM25 only", model, vectors.size(), s.chunks().size());
            return;
        }
        if (snapshot == s) { // documents changed meanwhile: the new snapshot embeds itself
            snapshot = new Snapshot(s.documents(), s.chunks(), s.bm25(), new VectorIndex(model, vectors));
            log.info("Help centre: {} passages embedded with {}", vectors.size(), model);
        }
    }
}
