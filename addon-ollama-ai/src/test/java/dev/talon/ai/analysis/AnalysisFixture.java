package dev.talon.ai.analysis;

import dev.talon.ai.config.AiConfig;
import dev.talon.ai.insights.Insights;
import dev.talon.ai.ollama.OllamaClient;
import dev.talon.ai.ollama.OllamaClientConfig;
import dev.talon.ai.usage.UsageLog;
import dev.talon.api.servers.ServerDirectory;
import dev.talon.core.db.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the analysis tests share: an H2 database with the add-on's real migrations, an Ollama
 * client with short timeouts, the add-on's configuration, and a {@link ServerDirectory} over a
 * real log file (offset reads of complete lines, as the host's).
 */
public final class AnalysisFixture implements AutoCloseable {

    public static final String MODEL = "llama3.1:8b";

    public final Database database;
    public final Insights insights;
    public final AnalysisStore store;
    public final List<String> activity = new ArrayList<>();

    public AnalysisFixture() {
        database = Database.open("jdbc:h2:mem:analysis-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
        database.migrate(getClass().getClassLoader(), "flyway_history_ollama_ai", "classpath:db/ollama-ai");
        insights = new Insights(database.jdbi(), Clock.systemUTC());
        store = new AnalysisStore(database.jdbi(), Clock.systemUTC());
    }

    public UsageLog usage() {
        return new UsageLog(database.jdbi(), a -> activity.add(a.action()), Clock.systemUTC());
    }

    public static OllamaClient client(URI host) {
        return OllamaClient.create(OllamaClientConfig.builder(List.of(host))
                .connectTimeout(Duration.ofSeconds(1))
                .firstByteTimeout(Duration.ofSeconds(3))
                .idleTimeout(Duration.ofSeconds(2))
                .retry(OllamaClientConfig.RetryPolicy.none())
                .healthCheckInterval(Duration.ZERO)
                .meters(new SimpleMeterRegistry())
                .build());
    }

    public static AiConfig config() {
        return new AiConfig(true, "localhost", 11434, Duration.ofSeconds(5),
                new AiConfig.Models(MODEL, MODEL, MODEL, MODEL, MODEL, MODEL),
                new AiConfig.Features(true, true, true, true, true, true), 20, Duration.ofMinutes(5), Duration.ofMinutes(20), 2, 30);
    }

    public long count(String sql) {
        return database.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @Override
    public void close() {
        database.close();
    }

    /** One server whose log is a file; {@code metrics} are returned as they are. */
    public static final class FileServers implements ServerDirectory {
        public final ServerInfo server;
        public final Path log;
        public final List<MetricPoint> metrics = new ArrayList<>();

        public FileServers(Path log, long memoryLimitBytes) {
            this.log = log;
            this.server = new ServerInfo("11111111-2222-3333-4444-555555555555", "11111111", "Demo", 1L, "running",
                    memoryLimitBytes, 50L << 30);
        }

        @Override
        public List<ServerInfo> list() {
            return List.of(server);
        }

        @Override
        public LogRead readLog(String serverUuid, long offset, int maxBytes) {
            try (var file = new RandomAccessFile(log.toFile(), "r")) {
                long size = file.length();
                boolean restarted = offset > size;
                long from = restarted ? 0 : offset;
                byte[] bytes = new byte[(int) Math.min(maxBytes, size - from)];
                file.seek(from);
                file.readFully(bytes);
                int end = -1;
                for (int i = bytes.length - 1; i >= 0; i--) {
                    if (bytes[i] == '\n') {
                        end = i;
                        break;
                    }
                }
                if (end < 0) {
                    return new LogRead(List.of(), from, restarted);
                }
                String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
                return new LogRead(List.of(text.split("\n", -1)), from + end + 1, restarted);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public List<MetricPoint> metrics(String serverUuid, Instant from) {
            return metrics.stream().filter(p -> p.at() >= from.toEpochMilli()).toList();
        }

        public void append(String... lines) {
            try {
                Files.writeString(log, String.join("\n", lines) + "\n", StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
