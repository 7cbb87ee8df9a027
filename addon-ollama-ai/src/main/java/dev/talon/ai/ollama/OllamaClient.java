package dev.talon.ai.ollama;

import dev.talon.ai.ollama.api.ChatRequest;
import dev.talon.ai.ollama.api.ChatResponse;
import dev.talon.ai.ollama.api.CreateRequest;
import dev.talon.ai.ollama.api.EmbedRequest;
import dev.talon.ai.ollama.api.EmbedResponse;
import dev.talon.ai.ollama.api.GenerateRequest;
import dev.talon.ai.ollama.api.GenerateResponse;
import dev.talon.ai.ollama.api.ModelInfo;
import dev.talon.ai.ollama.api.ModelSummary;
import dev.talon.ai.ollama.api.PullProgress;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The add-on's one Ollama client, shared by every feature. Thread-safe; build it once with
 * {@link #create(OllamaClientConfig)} and {@link #close()} it when the add-on stops.
 *
 * <p>Model requests (chat, generate, embed) share the global concurrency limit: past it and its
 * wait queue they fail at once with {@link OllamaException.Overloaded}. Model management (tags,
 * show, ps, version, pull, create, copy, delete) is not limited: it does not queue on a model.
 * Every call names the {@link Feature} it serves, for metrics. Calls without a host argument go to
 * a healthy host that has the model, least busy first; the overloads with a host are for admin
 * pages that manage one host.
 *
 * <p>All failures are {@link OllamaException}s. Nothing is retried once a request may have
 * reached the model (see {@link RequestRunner}).
 */
public final class OllamaClient implements AutoCloseable {
  private final OllamaClientConfig config;
  private final OkHttpClient http;
  private final JsonCodec codec = new JsonCodec();
  private final HostPool pool;
  private final ConcurrencyLimiter limiter;
  private final RequestRunner runner;
  private final ClientMetrics metrics;
  private final HealthMonitor health;

  private OllamaClient(OllamaClientConfig config) {
    this.config = config;
    this.http = new OkHttpClient.Builder()
        .connectTimeout(config.connectTimeout())
        .readTimeout(config.firstByteTimeout()) // then idleTimeout once the answer has started
        .writeTimeout(config.idleTimeout())
        .connectionPool(new ConnectionPool(config.maxConcurrentRequests(), 5, TimeUnit.MINUTES))
        .eventListenerFactory(CallPhases.FACTORY)
        .build();
    List<HostState> hosts = new ArrayList<>();
    for (URI uri : config.hosts()) {
      hosts.add(new HostState(uri, new CircuitBreaker(config.breaker().failureThreshold(),
          config.breaker().coolDown(), System::nanoTime)));
    }
    this.pool = new HostPool(hosts);
    this.limiter = new ConcurrencyLimiter(config.maxConcurrentRequests(),
        config.maxQueuedRequests(), config.queueWait());
    this.runner = new RequestRunner(http, pool, codec, config);
    this.metrics = new ClientMetrics(config.meters(), pool);
    this.health = new HealthMonitor(http.newBuilder()
        .readTimeout(config.connectTimeout())
        .build(), pool, codec);
  }

  /** Builds the client and starts its health probes (one daemon thread). */
  public static OllamaClient create(OllamaClientConfig config) {
    OllamaClient client = new OllamaClient(config);
    client.health.start(config.healthCheckInterval());
    return client;
  }

  // ---- Model requests: limited -------------------------------------------------------------

  /**
   * A whole chat answer. On the wire this is a stream read to its end, so the idle timeout guards
   * it and a failure mid-way is reported with the text so far, as for {@link #streamChat}.
   */
  public ChatResponse chat(Feature feature, ChatRequest request) {
    return streamChat(feature, request).result();
  }

  /**
   * A chat answer chunk by chunk. Takes a request slot now ({@link OllamaException.Overloaded}
   * at once when none is free); sends on the first read. Close the stream.
   */
  public OllamaStream<ChatResponse> streamChat(Feature feature, ChatRequest request) {
    return limitedStream(feature, "chat", "/api/chat", request, request.model(),
        new Aggregate.Chat());
  }

  /** A whole generate answer; see {@link #chat}. */
  public GenerateResponse generate(Feature feature, GenerateRequest request) {
    return streamGenerate(feature, request).result();
  }

  /** A generate answer chunk by chunk; see {@link #streamChat}. */
  public OllamaStream<GenerateResponse> streamGenerate(Feature feature, GenerateRequest request) {
    return limitedStream(feature, "generate", "/api/generate", request, request.model(),
        new Aggregate.Generate());
  }

  /** Embeddings for a batch of inputs, one vector per input. */
  public EmbedResponse embed(Feature feature, EmbedRequest request) {
    try (ConcurrencyLimiter.Permit permit = limiter.acquire()) {
      return exchange(feature, "embed", "POST", "/api/embed",
          codec.encode(request, null, config.keepAlive()), request.model(), null,
          EmbedResponse.class);
    }
  }

  // ---- Model management: not limited ------------------------------------------------------

  /** Installed models of a healthy host. */
  public List<ModelSummary> tags(Feature feature) {
    return tags(feature, null);
  }

  /** Installed models of {@code host}. */
  public List<ModelSummary> tags(Feature feature, URI host) {
    return exchange(feature, "tags", "GET", "/api/tags", null, null, host, ModelList.class)
        .models();
  }

  /** Models loaded in memory on a healthy host. */
  public List<ModelSummary> ps(Feature feature) {
    return ps(feature, null);
  }

  public List<ModelSummary> ps(Feature feature, URI host) {
    return exchange(feature, "ps", "GET", "/api/ps", null, null, host, ModelList.class).models();
  }

  /** Ollama's version, e.g. {@code 0.12.6}. */
  public String version(Feature feature) {
    return version(feature, null);
  }

  public String version(Feature feature, URI host) {
    return exchange(feature, "version", "GET", "/api/version", null, null, host, Version.class)
        .version();
  }

  /** Capabilities, context length and Modelfile of a model, from a host that has it. */
  public ModelInfo show(Feature feature, String model) {
    return show(feature, model, null);
  }

  public ModelInfo show(Feature feature, String model, URI host) {
    return exchange(feature, "show", "POST", "/api/show", body(Map.of("model", model), false),
        model, host, ModelInfo.class);
  }

  /**
   * Downloads a model onto a healthy host, reporting progress; ends with {@code success}. A pull
   * whose stream carries an error line fails even though Ollama answered 200. Closing the stream
   * aborts the pull; a later pull resumes it.
   */
  public OllamaStream<PullProgress> pull(Feature feature, String model) {
    return pull(feature, model, null);
  }

  public OllamaStream<PullProgress> pull(Feature feature, String model, URI host) {
    return progressStream(feature, "pull", "/api/pull", body(Map.of("model", model), true),
        model, host);
  }

  /** Creates a model (e.g. from another with a system prompt), reporting progress. */
  public OllamaStream<PullProgress> create(Feature feature, CreateRequest request) {
    return create(feature, request, null);
  }

  public OllamaStream<PullProgress> create(Feature feature, CreateRequest request, URI host) {
    return progressStream(feature, "create", "/api/create", codec.encode(request, true, null),
        null, host);
  }

  /** Copies a model under a new name on the host that has it. */
  public void copy(Feature feature, String source, String destination) {
    copy(feature, source, destination, null);
  }

  public void copy(Feature feature, String source, String destination, URI host) {
    exchange(feature, "copy", "POST", "/api/copy",
        body(Map.of("source", source, "destination", destination), null), source, host, null);
  }

  /** Deletes a model from the host that has it. */
  public void delete(Feature feature, String model) {
    delete(feature, model, null);
  }

  public void delete(Feature feature, String model, URI host) {
    exchange(feature, "delete", "DELETE", "/api/delete", body(Map.of("model", model), null),
        model, host, null);
  }

  /** The hosts as the client sees them now: breaker state, load and models. */
  public List<HostStatus> hosts() {
    return pool.all().stream().map(HostState::status).toList();
  }

  /** Stops the health probes and closes idle connections. Streams still open keep working. */
  @Override
  public void close() {
    health.close();
    http.connectionPool().evictAll();
  }

  // ---- Plumbing ----------------------------------------------------------------------------

  private <T> OllamaStream<T> limitedStream(Feature feature, String operation, String path,
                                            Object request, String model,
                                            Aggregate<T> aggregate) {
    ConcurrencyLimiter.Permit permit = limiter.acquire();
    byte[] body = codec.encode(request, true, config.keepAlive());
    return new OllamaStream<>(slot -> runner.open("POST", path, body, model, null, slot), codec,
        aggregate, model, metrics.start(feature, operation, model), permit, config.idleTimeout(),
        () -> { });
  }

  private OllamaStream<PullProgress> progressStream(Feature feature, String operation,
                                                    String path, byte[] body, String model,
                                                    URI host) {
    AtomicReference<HostState> servedBy = new AtomicReference<>();
    return new OllamaStream<>(slot -> {
      Opened opened = runner.open("POST", path, body, null, host, slot);
      servedBy.set(opened.host());
      return opened;
    }, codec, new Aggregate.Progress(), model == null ? operation : model,
        metrics.start(feature, operation, model), null, config.idleTimeout(),
        () -> health.refreshSoon(servedBy.get()));
  }

  /** One non-streamed exchange: send, read the whole body, decode (or ignore when type is null). */
  private <T> T exchange(Feature feature, String operation, String method, String path,
                         byte[] body, String model, URI host, Class<T> type) {
    ClientMetrics.Call call = metrics.start(feature, operation, model);
    try (Opened opened = runner.open(method, path, body, model, host, new CallSlot())) {
      T result = null;
      if (type != null) {
        byte[] bytes = read(opened, model);
        call.chunk();
        result = decode(type, bytes, opened, model);
      }
      call.succeeded(null, null);
      if ("copy".equals(operation) || "delete".equals(operation)) {
        health.refreshSoon(opened.host()); // the host's models changed: update routing
      }
      return result;
    } catch (OllamaException e) {
      call.failed(e);
      throw e;
    }
  }

  private byte[] read(Opened opened, String model) {
    try {
      return opened.response().body().bytes();
    } catch (InterruptedIOException e) {
      throw new OllamaException.Timeout(OllamaException.Timeout.Phase.IDLE, opened.host().uri(),
          config.idleTimeout(), "", e);
    } catch (IOException e) {
      throw lost(opened, model, "the connection was lost mid-answer (" + e.getMessage() + ")", e);
    }
  }

  private <T> T decode(Class<T> type, byte[] bytes, Opened opened, String model) {
    try {
      return codec.decode(type, bytes);
    } catch (IOException e) {
      throw lost(opened, model, "Ollama sent an answer that is not valid JSON", e);
    }
  }

  private static OllamaException lost(Opened opened, String model, String why, Throwable e) {
    return model != null ? new OllamaException.ModelFailed(model, why, "", e)
        : new OllamaException.OllamaUnavailable(opened.host().uri(), why, e);
  }

  private byte[] body(Map<String, ?> fields, Boolean stream) {
    return codec.encode(fields, stream, null);
  }

  /** {@code /api/tags} and {@code /api/ps}. */
  private record ModelList(List<ModelSummary> models) {
    ModelList {
      models = models == null ? List.of() : List.copyOf(models);
    }
  }

  private record Version(String version) {}
}
