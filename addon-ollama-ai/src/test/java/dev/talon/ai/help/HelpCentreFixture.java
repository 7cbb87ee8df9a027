package dev.talon.ai.help;

import dev.talon.ai.ollama.OllamaClient;
import dev.talon.ai.ollama.OllamaClientConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Help centres for tests: BM25 only (no Ollama at all), or against a given Ollama address. */
final class HelpCentreFixture {

    private HelpCentreFixture() {}

    static HelpCentre bm25Only(List<HelpDocument> documents) {
        var help = new HelpCentre(() -> {
            throw new IllegalStateException("no Ollama in this test");
        }, () -> "nomic-embed-text", new Chunker(120, 30), System::nanoTime, task -> {});
        help.index(documents);
        return help;
    }

    static OllamaClient client(URI host) {
        return OllamaClient.create(OllamaClientConfig.builder(List.of(host))
                .connectTimeout(Duration.ofSeconds(1))
                .firstByteTimeout(Duration.ofSeconds(2))
                .idleTimeout(Duration.ofSeconds(1))
                .healthCheckInterval(Duration.ZERO)
                .meters(new SimpleMeterRegistry())
                .build());
    }
}
