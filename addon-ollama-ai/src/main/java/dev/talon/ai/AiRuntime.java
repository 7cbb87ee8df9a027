package dev.talon.ai;

import dev.talon.ai.config.AiConfig;
import dev.talon.ai.config.AiSettings;
import dev.talon.ai.ollama.OllamaClient;
import dev.talon.ai.ollama.OllamaClientConfig;
import dev.talon.ai.ollama.OllamaHosts;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the one shared {@link OllamaClient}, built from the current configuration and rebuilt
 * when a setting it depends on changes (hosts, port, timeout, concurrency). Callers ask for
 * {@link #client()} per use and never keep it; a replaced client is closed once its in-flight
 * calls had a grace period to finish.
 *
 * <p>Lifecycle: created in the add-on's start, closed in its stop. Thread-safe.
 */
public final class AiRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AiRuntime.class);

    private record ClientKey(String hosts, int port, Duration timeout, int maxConcurrent) {
        static ClientKey of(AiConfig c) {
            return new ClientKey(c.hosts(), c.port(), c.timeout(), c.maxConcurrentRequests());
        }
    }

    private final AiSettings settings;
    private final MeterRegistry meters;
    private final Duration healthCheckInterval;
    private volatile OllamaClient client;
    private volatile ClientKey key;

    public AiRuntime(AiSettings settings, MeterRegistry meters, Duration healthCheckInterval) {
        this.settings = settings;
        this.meters = meters;
        this.healthCheckInterval = healthCheckInterval;
        rebuild(settings.config());
        settings.onChange(this::rebuildIfNeeded);
    }

    public OllamaClient client() {
        return client;
    }

    public AiConfig config() {
        return settings.config();
    }

    public AiSettings settings() {
        return settings;
    }

    public List<URI> hosts() {
        AiConfig c = settings.config();
        return OllamaHosts.parseList(c.hosts(), c.port());
    }

    private synchronized void rebuildIfNeeded(AiConfig config) {
        if (!ClientKey.of(config).equals(key)) {
            rebuild(config);
        }
    }

    private synchronized void rebuild(AiConfig config) {
        OllamaClient previous = client;
        client = OllamaClient.create(OllamaClientConfig.builder(OllamaHosts.parseList(config.hosts(), config.port()))
                .firstByteTimeout(config.timeout())
                .maxConcurrentRequests(config.maxConcurrentRequests())
                .maxQueuedRequests(Math.max(10, config.maxConcurrentRequests() * 5))
                .healthCheckInterval(healthCheckInterval)
                .meters(meters)
                .build());
        key = ClientKey.of(config);
        if (previous != null) {
            log.info("Ollama settings changed; the client now talks to {}", config.hosts());
            Thread.ofVirtual().name("ollama-client-retire").start(() -> {
                try {
                    Thread.sleep(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                previous.close();
            });
        }
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
