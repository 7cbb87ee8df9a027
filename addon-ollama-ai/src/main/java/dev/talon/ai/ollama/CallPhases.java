package dev.talon.ai.ollama;

import okhttp3.Call;
import okhttp3.EventListener;

/**
 * Records whether a call started sending its request. Before that, a failure is a connection
 * failure that is safe to retry elsewhere; after it, the request may have reached the model, and
 * retrying could abort a model load or run a prompt twice. One instance per attempt, attached as
 * the request's tag and found by {@link #FACTORY}.
 */
final class CallPhases extends EventListener {
  static final EventListener.Factory FACTORY = call -> {
    CallPhases phases = call.request().tag(CallPhases.class);
    return phases != null ? phases : EventListener.NONE;
  };

  private volatile boolean requestStarted;

  @Override
  public void requestHeadersStart(Call call) {
    requestStarted = true;
  }

  boolean requestStarted() {
    return requestStarted;
  }
}
