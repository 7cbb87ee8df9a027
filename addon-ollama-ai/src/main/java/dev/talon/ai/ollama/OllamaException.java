package dev.talon.ai.ollama;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Every failure of {@link OllamaClient}, typed where it arises so callers map it once (to a page
 * message, a 429 with Retry-After, a 502…). Unchecked: a caller that cannot act on it lets it
 * propagate to the add-on's single exception mapper.
 *
 * <p>Messages are written for the person who will read them in the panel and say what to do.
 * Streams that fail after text arrived keep that text in {@link #partialText()}.
 */
public abstract sealed class OllamaException extends RuntimeException
    permits OllamaException.OllamaUnavailable,
        OllamaException.ModelNotFound,
        OllamaException.Overloaded,
        OllamaException.Timeout,
        OllamaException.BadRequest,
        OllamaException.ModelFailed,
        OllamaException.Cancelled {

  private final String partialText;

  OllamaException(String message, String partialText, Throwable cause) {
    super(message, cause);
    this.partialText = partialText == null ? "" : partialText;
  }

  /** A short stable name for metrics and logs: {@code unavailable}, {@code model_not_found}… */
  public abstract String type();

  /** Text the model had streamed before the failure; empty when none arrived. */
  public String partialText() {
    return partialText;
  }

  /** No host could be reached, or the host dropped the connection before answering. */
  public static final class OllamaUnavailable extends OllamaException {
    private final URI host;

    public OllamaUnavailable(URI host, String detail, Throwable cause) {
      super(host == null
              ? "No Ollama host is available: " + detail
              : "Ollama at " + host + " is unavailable: " + detail
                  + ". Check that `ollama serve` is running there and that the configured address"
                  + " (OLLAMA_HOST) is right.",
          "", cause);
      this.host = host;
    }

    /** The host that failed, or {@code null} when no host could even be chosen. */
    public URI host() {
      return host;
    }

    @Override
    public String type() {
      return "unavailable";
    }
  }

  /** The model is not installed on the host that was asked (HTTP 404). */
  public static final class ModelNotFound extends OllamaException {
    private final String model;
    private final URI host;

    public ModelNotFound(String model, URI host, String serverMessage) {
      super("Model \"" + model + "\" is not installed on the Ollama host " + host
          + ". Install it from the admin page or run `ollama pull " + model + "` there."
          + (serverMessage == null ? "" : " (Ollama said: " + serverMessage + ")"), "", null);
      this.model = model;
      this.host = host;
    }

    public String model() {
      return model;
    }

    public URI host() {
      return host;
    }

    @Override
    public String type() {
      return "model_not_found";
    }
  }

  /**
   * Too many requests: the client's own limit and wait queue are full, or Ollama answered 503
   * ("server busy") on every retry. Callers answer 429 with {@code Retry-After: retryAfterSeconds}.
   */
  public static final class Overloaded extends OllamaException {
    private final int retryAfterSeconds;

    public Overloaded(String reason, int retryAfterSeconds) {
      super("The AI is busy (" + reason + "). Try again in " + retryAfterSeconds + " s.", "",
          null);
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
      return retryAfterSeconds;
    }

    @Override
    public String type() {
      return "overloaded";
    }
  }

  /** A time limit ran out; {@link #phase()} says which. */
  public static final class Timeout extends OllamaException {
    /** Which wait ran out. */
    public enum Phase {
      /** Opening the TCP connection. */
      CONNECT,
      /** Waiting for the answer to start; includes loading the model (OLLAMA_TIMEOUT). */
      FIRST_BYTE,
      /** Silence between two chunks of a stream that had started. */
      IDLE
    }

    private final Phase phase;
    private final URI host;

    public Timeout(Phase phase, URI host, Duration limit, String partialText, Throwable cause) {
      super(describe(phase, host, limit), partialText, cause);
      this.phase = Objects.requireNonNull(phase);
      this.host = host;
    }

    private static String describe(Phase phase, URI host, Duration limit) {
      String took = limit == null ? "" : " within " + limit.toSeconds() + " s";
      return switch (phase) {
        case CONNECT -> "Could not connect to Ollama at " + host + took
            + ". Check the address and that the host is reachable from the panel.";
        case FIRST_BYTE -> "Ollama at " + host + " did not start answering" + took
            + ". A large model may still be loading: raise OLLAMA_TIMEOUT or pick a smaller model.";
        case IDLE -> "Ollama at " + host + " stopped sending mid-answer" + took
            + ". The host may be overloaded; try again.";
      };
    }

    public Phase phase() {
      return phase;
    }

    public URI host() {
      return host;
    }

    @Override
    public String type() {
      return "timeout_" + phase.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Ollama refused the request (HTTP 400 and other 4xx), e.g. "\"x\" does not support tools". */
  public static final class BadRequest extends OllamaException {
    private final int status;
    private final String serverMessage;

    public BadRequest(int status, String serverMessage) {
      super("Ollama rejected the request: " + serverMessage, "", null);
      this.status = status;
      this.serverMessage = serverMessage;
    }

    public int status() {
      return status;
    }

    /** Ollama's own words, unchanged. */
    public String serverMessage() {
      return serverMessage;
    }

    @Override
    public String type() {
      return "bad_request";
    }
  }

  /**
   * The model failed while answering: an {@code {"error":…}} line in the stream, a stream that
   * ended without {@code done}, a lost connection mid-answer, or HTTP 500 (e.g. "timed out waiting
   * for llama runner to start").
   */
  public static final class ModelFailed extends OllamaException {
    private final String model;
    private final String serverMessage;

    public ModelFailed(String model, String serverMessage, String partialText, Throwable cause) {
      super("Model \"" + model + "\" failed while answering: " + serverMessage
          + ". Try again; if it keeps failing, check the Ollama host's log (it may be out of memory).",
          partialText, cause);
      this.model = model;
      this.serverMessage = serverMessage;
    }

    public String model() {
      return model;
    }

    public String serverMessage() {
      return serverMessage;
    }

    @Override
    public String type() {
      return "model_failed";
    }
  }

  /** The call was cancelled by {@link OllamaStream#cancel()}, an interrupt, or Ollama's 499. */
  public static final class Cancelled extends OllamaException {
    public Cancelled(String partialText, Throwable cause) {
      super("The request was cancelled.", partialText, cause);
    }

    @Override
    public String type() {
      return "cancelled";
    }
  }
}
