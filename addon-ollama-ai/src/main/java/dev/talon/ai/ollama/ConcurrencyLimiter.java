package dev.talon.ai.ollama;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The global limit on model requests. Ollama queues requests for a loaded model without any
 * bound, so this is the only protection. Waiters queue in arrival order (a fair semaphore), at
 * most {@code maxWaiting} of them for at most {@code maxWait}; past that, {@link
 * OllamaException.Overloaded} at once. Thread-safe.
 */
final class ConcurrencyLimiter {
  /** A held slot; release it exactly once (extra calls are ignored). */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  private final int limit;
  private final Semaphore slots;
  private final AtomicInteger waiting = new AtomicInteger();
  private final int maxWaiting;
  private final Duration maxWait;

  ConcurrencyLimiter(int limit, int maxWaiting, Duration maxWait) {
    this.limit = limit;
    this.slots = new Semaphore(limit, true);
    this.maxWaiting = maxWaiting;
    this.maxWait = maxWait;
  }

  Permit acquire() {
    // tryAcquire(0, …) rather than tryAcquire(): the timed form honours fairness and does not
    // overtake callers already queued.
    if (!tryAcquire(0)) {
      if (waiting.incrementAndGet() > maxWaiting) {
        waiting.decrementAndGet();
        throw new OllamaException.Overloaded(
            limit + " requests running and " + maxWaiting + " waiting", retryAfterSeconds());
      }
      try {
        if (!tryAcquire(maxWait.toNanos())) {
          throw new OllamaException.Overloaded(
              "no free slot within " + maxWait.toSeconds() + " s", retryAfterSeconds());
        }
      } finally {
        waiting.decrementAndGet();
      }
    }
    return new Permit() {
      private final AtomicInteger released = new AtomicInteger();

      @Override
      public void close() {
        if (released.compareAndSet(0, 1)) {
          slots.release();
        }
      }
    };
  }

  int inUse() {
    return limit - slots.availablePermits();
  }

  int waiting() {
    return waiting.get();
  }

  private boolean tryAcquire(long nanos) {
    try {
      return slots.tryAcquire(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OllamaException.Cancelled("", e);
    }
  }

  private int retryAfterSeconds() {
    return (int) Math.max(1, Math.min(60, maxWait.toSeconds()));
  }
}
