package dev.talon.ai.ollama;

import java.io.Closeable;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Response;

/**
 * A successful (2xx) response whose body has not been read yet, and the host serving it. Only the
 * reading thread closes it (an OkHttp body is not thread-safe); {@link #release()} ends the host's
 * in-flight count from any thread, once.
 */
final class Opened implements Closeable {
  private final HostState host;
  private final Response response;
  private final AtomicBoolean released = new AtomicBoolean();

  Opened(HostState host, Response response) {
    this.host = host;
    this.response = response;
  }

  HostState host() {
    return host;
  }

  Response response() {
    return response;
  }

  @Override
  public void close() {
    try {
      response.close();
    } finally {
      release();
    }
  }

  void release() {
    if (released.compareAndSet(false, true)) {
      host.finished();
    }
  }
}
