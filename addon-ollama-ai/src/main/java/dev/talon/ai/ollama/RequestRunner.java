package dev.talon.ai.ollama;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * Takes one logical request up to the first byte of a 2xx answer: chooses a host, sends, and maps
 * an error status to its {@link OllamaException}. Retries, with exponential backoff and jitter,
 * only when nothing can have reached the model: a connection failure before the request was sent
 * (failing over to another host when there is one) and Ollama's 503 "server busy". Never after a
 * request was sent and then lost: if the model was loading, a retry would abort the load.
 * Thread-safe; stateless apart from the hosts' shared state.
 */
final class RequestRunner {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final long MAX_ERROR_BODY = 64 * 1024;

  private final OkHttpClient http;
  private final HostPool pool;
  private final JsonCodec codec;
  private final OllamaClientConfig config;

  RequestRunner(OkHttpClient http, HostPool pool, JsonCodec codec, OllamaClientConfig config) {
    this.http = http;
    this.pool = pool;
    this.codec = codec;
    this.config = config;
  }

  /**
   * Sends {@code method path} with {@code body} (null for none) until a 2xx arrives or a
   * non-retryable failure happens.
   *
   * @param model routes the request and names the model in errors; null when it has none
   * @param pinned the host to use, or null to let the pool choose
   */
  Opened open(String method, String path, byte[] body, String model, URI pinned, CallSlot slot) {
    Set<HostState> tried = new HashSet<>();
    OllamaException last = null;
    for (int attempt = 1; attempt <= config.retry().maxAttempts(); attempt++) {
      if (attempt > 1 && (pinned != null || !pool.hasCandidate(tried))) {
        tried.clear(); // every host had its try: go round again, after a backoff
        if (!backoff(attempt, slot)) {
          throw new OllamaException.Cancelled("", null);
        }
      }
      if (slot.isCancelled()) {
        throw new OllamaException.Cancelled("", null);
      }
      HostState host = pinned != null ? pool.pinned(pinned) : pool.choose(model, tried);
      if (host == null) {
        throw last != null ? last : noHost(pinned);
      }
      tried.add(host);
      try {
        return attempt(host, method, path, body, model, slot);
      } catch (Retryable retryable) {
        last = retryable.failure;
      }
    }
    throw last;
  }

  /** One try on one host; a {@link Retryable} means another may be made. */
  private Opened attempt(HostState host, String method, String path, byte[] body, String model,
                         CallSlot slot) throws Retryable {
    CallPhases phases = new CallPhases();
    Request request = new Request.Builder()
        .url(url(host.uri(), path))
        .method(method, body == null ? null : oneShot(body))
        .header("Accept", "application/x-ndjson, application/json")
        .tag(CallPhases.class, phases)
        .build();
    Call call = http.newCall(request);
    slot.attach(call);
    host.started();
    Response response;
    try {
      response = call.execute();
    } catch (IOException e) {
      host.finished();
      throw transportFailure(host, e, phases.requestStarted(), slot);
    }
    if (response.isSuccessful()) {
      host.breaker().onSuccess();
      response.body().source().timeout().timeout(config.idleTimeout().toNanos(),
          java.util.concurrent.TimeUnit.NANOSECONDS);
      return new Opened(host, response);
    }
    try (response) {
      host.finished();
      throw statusFailure(host, response, model);
    }
  }

  private Retryable transportFailure(HostState host, IOException e, boolean sent, CallSlot slot) {
    if (slot.isCancelled()) {
      host.breaker().abandon();
      throw new OllamaException.Cancelled("", e);
    }
    host.breaker().onFailure();
    if (e instanceof InterruptedIOException) { // a socket timeout
      if (sent) {
        throw new OllamaException.Timeout(OllamaException.Timeout.Phase.FIRST_BYTE, host.uri(),
            config.firstByteTimeout(), "", e);
      }
      return new Retryable(new OllamaException.Timeout(OllamaException.Timeout.Phase.CONNECT,
          host.uri(), config.connectTimeout(), "", e));
    }
    OllamaException.OllamaUnavailable failure = new OllamaException.OllamaUnavailable(host.uri(),
        sent ? "the connection was lost before an answer (" + e.getMessage() + ")"
            : "cannot connect (" + e.getMessage() + ")", e);
    if (sent) {
      throw failure; // the request may have reached the model: never send it twice
    }
    return new Retryable(failure);
  }

  private Retryable statusFailure(HostState host, Response response, String model) {
    int code = response.code();
    String message = errorMessage(response);
    if (code == 503) {
      host.breaker().onNeutral(); // busy, not broken
      return new Retryable(new OllamaException.Overloaded(
          "Ollama at " + host.uri() + " answered: " + message, retryAfterSeconds()));
    }
    if (code >= 500 && code != 500) {
      host.breaker().onFailure(); // 502/504 from a proxy in front of a dead Ollama
    } else {
      host.breaker().onNeutral();
    }
    throw switch (code) {
      case 404 -> model != null ? new OllamaException.ModelNotFound(model, host.uri(), message)
          : new OllamaException.BadRequest(code, message);
      case 499 -> new OllamaException.Cancelled("", null);
      default -> {
        if (code < 500) {
          yield new OllamaException.BadRequest(code, message);
        }
        yield model != null ? new OllamaException.ModelFailed(model, message, "", null)
            : new OllamaException.OllamaUnavailable(host.uri(), "HTTP " + code + ": " + message,
                null);
      }
    };
  }

  /** Ollama's {@code {"error": "…"}}, else the body text, else the status line. */
  private String errorMessage(Response response) {
    try {
      byte[] bytes = response.peekBody(MAX_ERROR_BODY).bytes();
      String fromJson = codec.errorMessage(bytes);
      if (fromJson != null) {
        return fromJson;
      }
      String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? "HTTP " + response.code() + " " + response.message() : text;
    } catch (IOException e) {
      return "HTTP " + response.code() + " " + response.message();
    }
  }

  /** Waits before retry {@code attempt}; false when cancelled meanwhile. */
  private boolean backoff(int attempt, CallSlot slot) {
    Duration base = config.retry().initialBackoff().multipliedBy(1L << Math.min(20, attempt - 2));
    if (base.compareTo(config.retry().maxBackoff()) > 0) {
      base = config.retry().maxBackoff();
    }
    double cut = config.retry().jitter() * ThreadLocalRandom.current().nextDouble();
    return slot.pause(Duration.ofNanos((long) (base.toNanos() * (1 - cut))));
  }

  private int retryAfterSeconds() {
    return (int) Math.max(1, config.retry().maxBackoff().toSeconds());
  }

  private OllamaException noHost(URI pinned) {
    return new OllamaException.OllamaUnavailable(pinned,
        pinned != null ? "it failed repeatedly and is paused (circuit open); retrying soon"
            : "all " + pool.all().size() + " configured hosts failed repeatedly and are paused"
                + " (circuit open); retrying soon", null);
  }

  private static HttpUrl url(URI host, String path) {
    return HttpUrl.get(host.toString() + path);
  }

  /**
   * A body OkHttp will not resend by itself after it started sending it: the retry decision
   * above stays ours.
   */
  private static RequestBody oneShot(byte[] bytes) {
    return new RequestBody() {
      @Override
      public MediaType contentType() {
        return JSON;
      }

      @Override
      public long contentLength() {
        return bytes.length;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        sink.write(bytes);
      }

      @Override
      public boolean isOneShot() {
        return true;
      }
    };
  }

  /** Internal signal: this attempt failed in a way another attempt may fix. */
  private static final class Retryable extends Exception {
    private final OllamaException failure;

    Retryable(OllamaException failure) {
      super(null, null, false, false);
      this.failure = failure;
    }
  }
}
