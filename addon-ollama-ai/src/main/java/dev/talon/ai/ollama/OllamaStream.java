package dev.talon.ai.ollama;

import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProtocolException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A streamed answer from Ollama: its chunks in arrival order, then the whole answer.
 *
 * <p>Use it with try-with-resources: it holds one of the client's request slots until it ends.
 * <pre>{@code
 * try (OllamaStream<ChatResponse> stream = client.streamChat(Feature.CHAT, request)) {
 *   ChatResponse whole = stream.collect(chunk -> send(chunk.text()));
 * }
 * }</pre>
 *
 * <p>Lifecycle: the request is sent by the first {@link #hasNext()} (or {@link #collect}), so it
 * can be cancelled even while the model loads. The stream ends normally with the chunk that says
 * {@code done: true} (pulls: {@code status: success}); it fails with an {@link OllamaException}
 * thrown from {@code hasNext()}, carrying the text received so far, when Ollama sends an error
 * line, when the body ends early, on a lost connection or an idle timeout.
 *
 * <p>Threading: one thread reads; {@link #cancel()} may be called from any other thread (the user
 * pressed stop, the browser went away). It cancels the HTTP call at once, which closes the socket
 * so that Ollama stops generating, and frees the request slot; the reader then gets
 * {@link OllamaException.Cancelled}.
 *
 * @param <T> the chunk type; the whole answer has the same type
 */
public final class OllamaStream<T> implements Iterator<T>, AutoCloseable {
  /** Sends the request: the client's retry and host logic up to a 2xx. */
  interface Opener {
    Opened open(CallSlot slot);
  }

  private final Opener opener;
  private final JsonCodec codec;
  private final ObjectReader reader;
  private final Aggregate<T> aggregate;
  private final String model;
  private final ClientMetrics.Call metrics;
  private final ConcurrencyLimiter.Permit permit;
  private final java.time.Duration idleTimeout;
  private final Runnable onSuccess;
  private final CallSlot slot = new CallSlot();
  private final AtomicBoolean ended = new AtomicBoolean();

  private volatile Opened opened;
  private NdjsonLines lines;
  private T pending;
  private boolean finished;
  private boolean closed;
  private OllamaException failure;

  OllamaStream(Opener opener, JsonCodec codec, Aggregate<T> aggregate, String model,
               ClientMetrics.Call metrics, ConcurrencyLimiter.Permit permit,
               java.time.Duration idleTimeout, Runnable onSuccess) {
    this.opener = opener;
    this.codec = codec;
    this.reader = codec.reader(aggregate.type());
    this.aggregate = aggregate;
    this.model = model;
    this.metrics = metrics;
    this.permit = permit;
    this.idleTimeout = idleTimeout;
    this.onSuccess = onSuccess;
  }

  /**
   * Blocks until the next chunk arrives, or the stream ends.
   *
   * @return false after the final chunk, or once closed
   * @throws OllamaException when the stream fails; again on every later call
   */
  @Override
  public boolean hasNext() {
    if (pending != null) {
      return true;
    }
    if (failure != null) {
      throw failure;
    }
    if (finished || closed) {
      return false;
    }
    if (slot.isCancelled()) {
      // Lines already buffered from the socket would still read after cancel(): stop here.
      OllamaException cancelled = new OllamaException.Cancelled(aggregate.text(), null);
      fail(cancelled);
      throw cancelled;
    }
    try {
      pending = readChunk();
      return true;
    } catch (OllamaException e) {
      fail(e);
      throw e;
    } catch (RuntimeException e) {
      fail(new OllamaException.ModelFailed(model, "unexpected client failure: " + e,
          aggregate.text(), e));
      throw e;
    }
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the stream has ended");
    }
    T chunk = pending;
    pending = null;
    return chunk;
  }

  /**
   * Hands every remaining chunk to {@code onChunk} as it arrives, then closes the stream. If
   * {@code onChunk} throws, the stream is cancelled and the exception propagates.
   *
   * @return the whole answer
   */
  public T collect(Consumer<? super T> onChunk) {
    try (this) {
      while (hasNext()) {
        onChunk.accept(next());
      }
      return aggregate.result();
    }
  }

  /** The whole answer, reading the rest of the stream first if needed. */
  public T result() {
    return finished ? aggregate.result() : collect(chunk -> { });
  }

  /** The text received so far (chat, generate); reader thread only. */
  public String textSoFar() {
    return aggregate.text();
  }

  /** Stops the stream now, from any thread; see the class comment. Idempotent. */
  public void cancel() {
    slot.cancel();
    Opened current = opened;
    if (current != null) {
      current.release();
    }
    end(new OllamaException.Cancelled("", null));
  }

  /** Cancels the stream if it has not ended, and releases everything. Reader thread. */
  @Override
  public void close() {
    if (!finished && failure == null && !closed) {
      cancel();
    }
    closed = true;
    pending = null;
    Opened current = opened;
    if (current != null) {
      current.close();
    }
  }

  private T readChunk() {
    if (opened == null) {
      metrics.sending();
      opened = opener.open(slot);
      lines = new NdjsonLines(opened.response().body().source());
    }
    byte[] line;
    try {
      line = lines.next();
    } catch (IOException e) {
      throw readFailure(e);
    }
    if (line == null) {
      throw new OllamaException.ModelFailed(model,
          "the answer ended before Ollama said it was done", aggregate.text(), null);
    }
    String error = codec.errorMessage(line);
    if (error != null) {
      throw new OllamaException.ModelFailed(model, error, aggregate.text(), null);
    }
    T chunk;
    try {
      chunk = codec.decode(reader, line);
    } catch (IOException e) {
      throw new OllamaException.ModelFailed(model, "Ollama sent a line that is not valid JSON",
          aggregate.text(), e);
    }
    aggregate.add(chunk);
    metrics.chunk();
    if (aggregate.complete()) {
      finished = true;
      end(null);
      opened.close(); // the connection goes back to the pool
    }
    return chunk;
  }

  private OllamaException readFailure(IOException e) {
    if (slot.isCancelled()) {
      return new OllamaException.Cancelled(aggregate.text(), e);
    }
    if (e instanceof InterruptedIOException) {
      return new OllamaException.Timeout(OllamaException.Timeout.Phase.IDLE,
          opened.host().uri(), idleTimeout, aggregate.text(), e);
    }
    if (e instanceof ProtocolException) {
      return new OllamaException.ModelFailed(model, "Ollama sent an invalid stream ("
          + e.getMessage() + ")", aggregate.text(), e);
    }
    return new OllamaException.ModelFailed(model, "the connection to " + opened.host().uri()
        + " was lost mid-answer (" + e.getMessage() + ")", aggregate.text(), e);
  }

  private void fail(OllamaException e) {
    failure = e;
    pending = null;
    end(e);
    Opened current = opened;
    if (current != null) {
      current.close();
    }
  }

  /** Frees the request slot and records the outcome, once, whichever way the stream ended. */
  private void end(OllamaException failure) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      if (failure == null) {
        metrics.succeeded(aggregate.tokensIn(), aggregate.tokensOut());
        onSuccess.run();
      } else {
        metrics.failed(failure);
      }
    } finally {
      if (permit != null) {
        permit.close();
      }
    }
  }
}
