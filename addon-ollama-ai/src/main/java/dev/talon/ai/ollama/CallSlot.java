package dev.talon.ai.ollama;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;

/**
 * The cancel switch of one logical request, across its attempts. {@link #cancel()} may come from
 * any thread at any time (before the first attempt, during a backoff, mid-stream) and cancels the
 * HTTP call in flight at once, which closes its socket: Ollama then stops generating (or aborts
 * the model load).
 */
final class CallSlot {
  private final CountDownLatch cancelled = new CountDownLatch(1);
  private volatile Call call;

  /** Makes {@code next} the call to cancel; cancels it at once if the slot already was. */
  void attach(Call next) {
    call = next;
    if (isCancelled()) {
      next.cancel();
    }
  }

  void cancel() {
    cancelled.countDown();
    Call current = call;
    if (current != null) {
      current.cancel();
    }
  }

  boolean isCancelled() {
    return cancelled.getCount() == 0;
  }

  /** Waits out a backoff; returns early, {@code false}, when cancelled or interrupted. */
  boolean pause(Duration delay) {
    try {
      return !cancelled.await(delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel();
      return false;
    }
  }
}
