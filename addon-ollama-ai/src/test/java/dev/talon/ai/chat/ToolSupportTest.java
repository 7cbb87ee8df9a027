package dev.talon.ai.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.ollama.OllamaClient;
import dev.talon.ai.ollama.OllamaClientConfig;
import dev.talon.ai.ollama.fake.FakeOllama;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which models get tools, from Ollama's /api/show capabilities, asked once per model per TTL. */
class ToolSupportTest {

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final FakeOllama ollama = FakeOllama.start()
            .withModel("llama3.1:8b")
            .withModel("gemma:2b", "gemma", List.of("completion"), 8192)
            .withModel("old:1b", "llama", List.of(), 4096);
    private final OllamaClient client = OllamaClient.create(OllamaClientConfig.builder(List.of(ollama.uri()))
            .firstByteTimeout(Duration.ofSeconds(2)).healthCheckInterval(Duration.ZERO).meters(new SimpleMeterRegistry()).build());
    private final MutableClock clock = new MutableClock();
    private final ToolSupport support = new ToolSupport(() -> client, clock);

    @AfterEach
    void stop() {
        client.close();
        ollama.close();
    }

    @Test
    void a_model_without_the_tools_capability_is_asked_about_once_per_ttl() {
        assertFalse(support.mayOffer("gemma:2b"));
        assertFalse(support.mayOffer("gemma:2b"));
        assertEquals(1, ollama.requestCount("/api/show"));
        clock.now = clock.now.plus(ToolSupport.TTL).plusSeconds(1);
        assertFalse(support.mayOffer("gemma:2b"));
        assertEquals(2, ollama.requestCount("/api/show"), "asked again once the answer is old");
    }

    @Test
    void tool_capable_and_silent_models_are_offered_tools_and_a_refusal_is_remembered() {
        assertTrue(support.mayOffer("llama3.1:8b"));
        assertTrue(support.mayOffer("old:1b"), "no capabilities listed: offer, a 400 corrects it");
        support.learnNoTools("old:1b");
        assertFalse(support.mayOffer("old:1b"));
        assertEquals(2, ollama.requestCount("/api/show"));
    }

    @Test
    void an_unknown_model_is_offered_tools_and_asked_about_again_next_time() {
        assertTrue(support.mayOffer("missing:7b"));
        assertTrue(support.mayOffer("missing:7b"));
        assertEquals(2, ollama.requestCount("/api/show"), "a failed show is not remembered");
    }
}
