package dev.talon.ai.ollama;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One host's breaker. CLOSED lets everything through; {@code threshold} consecutive failures open
 * it; once {@code coolDown} has passed, one trial (a request or a health probe) is let through
 * (HALF_OPEN), and its success closes the breaker while its failure opens it again. Thread-safe.
 */
final class CircuitBreaker {
  enum State { CLOSED, OPEN, HALF_OPEN }

  private final int threshold;
  private final long coolDownNanos;
  private final LongSupplier nanoTime;

  private State state = State.CLOSED;
  private int consecutiveFailures;
  private long openedAt;
  private boolean trialInFlight;

  CircuitBreaker(int threshold, Duration coolDown, LongSupplier nanoTime) {
    this.threshold = threshold;
    this.coolDownNanos = coolDown.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Whether a request may be sent now, without taking the trial slot. */
  synchronized boolean allowsRequests() {
    return switch (state) {
      case CLOSED -> true;
      case OPEN -> nanoTime.getAsLong() - openedAt >= coolDownNanos;
      case HALF_OPEN -> !trialInFlight;
    };
  }

  /** Takes permission to send one request; in HALF_OPEN only one caller gets it. */
  synchronized boolean tryAcquire() {
    if (state == State.OPEN && nanoTime.getAsLong() - openedAt >= coolDownNanos) {
      state = State.HALF_OPEN;
      trialInFlight = false;
    }
    return switch (state) {
      case CLOSED -> true;
      case OPEN -> false;
      case HALF_OPEN -> {
        if (trialInFlight) {
          yield false;
        }
        trialInFlight = true;
        yield true;
      }
    };
  }

  synchronized void onSuccess() {
    state = State.CLOSED;
    consecutiveFailures = 0;
    trialInFlight = false;
  }

  synchronized void onFailure() {
    consecutiveFailures++;
    if (state == State.HALF_OPEN || consecutiveFailures >= threshold) {
      state = State.OPEN;
      openedAt = nanoTime.getAsLong();
    }
    trialInFlight = false;
  }

  /** Returns a trial slot taken by {@link #tryAcquire()} whose outcome says nothing (e.g. 4xx). */
  synchronized void onNeutral() {
    if (state == State.HALF_OPEN) {
      onSuccess(); // the host answered: it is up
    }
  }

  /** Gives back a trial slot whose request never got an answer either way (cancelled). */
  synchronized void abandon() {
    trialInFlight = false;
  }

  synchronized State state() {
    if (state == State.OPEN && nanoTime.getAsLong() - openedAt >= coolDownNanos) {
      return State.HALF_OPEN;
    }
    return state;
  }
}
