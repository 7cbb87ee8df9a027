package dev.talon.ai.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.ollama.OllamaClient;
import dev.talon.ai.ollama.OllamaClientConfig;
import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.ai.ollama.fake.Reply;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PullManagerTest {

    private static final long LAYER = 4661211424L;

    private final FakeOllama ollama = FakeOllama.start();
    private final OllamaClient client = OllamaClient.create(OllamaClientConfig.builder(List.of(ollama.uri()))
            .connectTimeout(Duration.ofSeconds(1)).firstByteTimeout(Duration.ofSeconds(2))
            .retry(OllamaClientConfig.RetryPolicy.none()).healthCheckInterval(Duration.ZERO)
            .meters(new SimpleMeterRegistry()).build());
    private final List<PullView> finished = new CopyOnWriteArrayList<>();
    private final PullManager pulls = new PullManager(() -> client, finished::add, Clock.systemUTC());

    @AfterEach
    void stop() {
        pulls.close();
        client.close();
        ollama.close();
    }

    @Test
    void a_pull_reports_bytes_of_total_while_running_and_ends_succeeded() {
        ollama.enqueue("/api/pull", Reply.pullProgress(4).stallingAfter(4)); // manifest, layer, 1/4, 2/4
        PullView started = pulls.start(ollama.uri(), "qwen3:4b", 7L);

        PullView halfway = await(started.id(), v -> v.completed() == LAYER / 2);
        assertTrue(halfway.running());
        assertEquals(LAYER, halfway.total());
        assertEquals(50, halfway.percent());
        assertEquals("pulling 6a0746a1ec1a", halfway.status());
        pulls.cancel(started.id());
        await(started.id(), v -> !v.running());

        ollama.enqueue("/api/pull", Reply.pullProgress(4));
        PullView again = pulls.start(ollama.uri(), "qwen3:4b", 7L);
        PullView done = await(again.id(), v -> !v.running());
        assertEquals(PullView.State.SUCCEEDED, done.state());
        assertEquals("success", done.status());
        assertEquals(LAYER, done.completed());
        assertEquals(100, done.percent());
        assertEquals(List.of(PullView.State.CANCELLED, PullView.State.SUCCEEDED), finished.stream().map(PullView::state).toList());
        assertEquals(7L, finished.get(1).userId());
    }

    @Test
    void cancelling_a_pull_closes_the_connection_so_ollama_stops_downloading() throws Exception {
        ollama.enqueue("/api/pull", Reply.pullProgress(100).withChunkDelay(Duration.ofMillis(50)).withChunkSizes(40));
        PullView started = pulls.start(ollama.uri(), "llama3.1:8b", null);
        await(started.id(), v -> v.completed() > 0);

        assertTrue(pulls.cancel(started.id()));

        assertTrue(ollama.awaitClientGone(Duration.ofSeconds(5)), "Ollama should see the client go away");
        PullView cancelled = await(started.id(), v -> !v.running());
        assertEquals(PullView.State.CANCELLED, cancelled.state());
        assertTrue(cancelled.completed() < LAYER);
        assertEquals(1, finished.size());
    }

    @Test
    void an_error_line_inside_a_200_stream_fails_the_pull_with_ollamas_message() {
        ollama.enqueue("/api/pull", Reply.pullError("pull model manifest: file does not exist"));
        PullView started = pulls.start(ollama.uri(), "no-such-model", null);

        PullView failed = await(started.id(), v -> !v.running());

        assertEquals(PullView.State.FAILED, failed.state());
        assertTrue(failed.error().contains("pull model manifest: file does not exist"), failed.error());
        assertEquals("model_failed", failed.errorType());
    }

    @Test
    void starting_the_same_model_on_the_same_host_again_joins_the_running_pull() {
        ollama.enqueue("/api/pull", Reply.pullProgress(4).stallingAfter(3));
        PullView first = pulls.start(ollama.uri(), "mistral", null);
        await(first.id(), v -> v.completed() > 0);

        PullView second = pulls.start(ollama.uri(), "mistral:latest", null);

        assertEquals(first.id(), second.id());
        assertEquals(1, pulls.list().size());
        assertEquals(1, ollama.requestCount("/api/pull"));
    }

    private PullView await(String id, Predicate<PullView> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            PullView view = pulls.find(id).orElseThrow();
            if (condition.test(view)) {
                return view;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("pull never reached the expected state: " + pulls.find(id));
    }
}
