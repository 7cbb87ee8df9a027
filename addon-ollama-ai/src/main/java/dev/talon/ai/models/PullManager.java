package dev.talon.ai.models;

import dev.talon.ai.ollama.Feature;
import dev.talon.ai.ollama.OllamaClient;
import dev.talon.ai.ollama.OllamaException;
import dev.talon.ai.ollama.OllamaStream;
import dev.talon.ai.ollama.api.PullProgress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model downloads that outlive the request that started them: each pull reads Ollama's progress
 * stream on a virtual thread of its own and keeps the latest {@link PullView} here, so a page
 * reload (or another admin) sees the same progress. At most one pull per host and model runs at a
 * time; finished pulls stay listed with their outcome (the latest {@value #KEEP_FINISHED}).
 *
 * <p>Threading: all methods are thread-safe. A pull's state is written only by its own thread,
 * except that {@link #cancel} (any thread) cancels its {@link OllamaStream}, which makes that
 * thread end the pull as cancelled. Lifecycle: {@link #close()} cancels every running pull.
 */
public final class PullManager implements AutoCloseable {

    static final int KEEP_FINISHED = 10;
    private static final Logger log = LoggerFactory.getLogger(PullManager.class);

    private final Supplier<OllamaClient> client;
    private final Consumer<PullView> onFinished;
    private final Clock clock;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Pull> pulls = new ConcurrentHashMap<>();

    /**
     * @param client the current shared client (asked per pull, as the client may be rebuilt)
     * @param onFinished told once per pull when it ended, on the pull's thread (usage log, audit)
     */
    public PullManager(Supplier<OllamaClient> client, Consumer<PullView> onFinished, Clock clock) {
        this.client = client;
        this.onFinished = onFinished;
        this.clock = clock;
    }

    /**
     * Starts pulling {@code model} onto {@code host}, or returns the pull already running for that
     * host and model.
     */
    public synchronized PullView start(URI host, String model, Long userId) {
        String name = withTag(model.trim());
        Optional<PullView> running = list().stream()
                .filter(p -> p.running() && p.host().equals(host) && p.model().equals(name)).findFirst();
        if (running.isPresent()) {
            return running.get();
        }
        String id = Long.toString(ids.incrementAndGet(), 36) + Long.toString(clock.millis() % 1296, 36);
        OllamaStream<PullProgress> stream = client.get().pull(Feature.ADMIN, name, host);
        var pull = new Pull(stream, new PullView(id, host, name, userId, PullView.State.RUNNING, "starting", 0, 0,
                clock.instant(), null, null, null));
        pulls.put(id, pull);
        forgetOldFinished();
        Thread.ofVirtual().name("ollama-pull-" + name).start(() -> run(pull));
        return pull.view;
    }

    /** Every known pull, newest first. */
    public List<PullView> list() {
        var all = new ArrayList<PullView>();
        pulls.values().forEach(p -> all.add(p.view));
        all.sort(Comparator.comparing(PullView::startedAt).thenComparing(PullView::id).reversed());
        return all;
    }

    public Optional<PullView> find(String id) {
        Pull pull = pulls.get(id);
        return pull == null ? Optional.empty() : Optional.of(pull.view);
    }

    /** Cancels a running pull (its download stops at once); false when it is unknown or already over. */
    public boolean cancel(String id) {
        Pull pull = pulls.get(id);
        if (pull == null || !pull.view.running()) {
            return false;
        }
        pull.stream.cancel();
        return true;
    }

    public boolean anyRunning() {
        return pulls.values().stream().anyMatch(p -> p.view.running());
    }

    @Override
    public void close() {
        pulls.values().forEach(p -> p.stream.cancel());
    }

    private void run(Pull pull) {
        var layers = new LinkedHashMap<String, long[]>(); // digest -> {completed, total}
        try (pull.stream) {
            while (pull.stream.hasNext()) {
                PullProgress line = pull.stream.next();
                if (line.digest() != null && line.total() != null) {
                    layers.put(line.digest(), new long[] {line.completed() == null ? 0 : line.completed(), line.total()});
                }
                long completed = layers.values().stream().mapToLong(l -> l[0]).sum();
                long total = layers.values().stream().mapToLong(l -> l[1]).sum();
                pull.update(v -> new PullView(v.id(), v.host(), v.model(), v.userId(), v.state(), line.status(), completed, total,
                        v.startedAt(), null, null, null));
            }
            end(pull, PullView.State.SUCCEEDED, null, null);
        } catch (OllamaException.Cancelled e) {
            end(pull, PullView.State.CANCELLED, null, null);
        } catch (OllamaException e) {
            end(pull, PullView.State.FAILED, e.getMessage(), e.type());
        } catch (RuntimeException e) {
            log.warn("Pull of {} failed unexpectedly", pull.view.model(), e);
            end(pull, PullView.State.FAILED, "unexpected failure: " + e, "internal");
        }
    }

    private void end(Pull pull, PullView.State state, String error, String errorType) {
        pull.update(v -> new PullView(v.id(), v.host(), v.model(), v.userId(), state,
                state == PullView.State.SUCCEEDED ? "success" : v.status(), state == PullView.State.SUCCEEDED ? v.total() : v.completed(),
                v.total(), v.startedAt(), clock.instant(), error, errorType));
        try {
            onFinished.accept(pull.view);
        } catch (RuntimeException e) {
            log.warn("Could not record the pull of {}", pull.view.model(), e);
        }
    }

    /** Ollama's own rule: a name without a tag means {@code :latest}. */
    public static String withTag(String model) {
        int slash = model.lastIndexOf('/');
        return model.indexOf(':', slash + 1) >= 0 ? model : model + ":latest";
    }

    private void forgetOldFinished() {
        List<PullView> finished = list().stream().filter(p -> !p.running()).toList();
        finished.stream().skip(KEEP_FINISHED).forEach(p -> pulls.remove(p.id()));
    }

    /** A pull in progress or over. {@code view} is replaced, never mutated, by the pull's thread. */
    private static final class Pull {
        final OllamaStream<PullProgress> stream;
        volatile PullView view;

        Pull(OllamaStream<PullProgress> stream, PullView view) {
            this.stream = stream;
            this.view = view;
        }

        void update(java.util.function.UnaryOperator<PullView> change) {
            view = change.apply(view);
        }
    }
}
