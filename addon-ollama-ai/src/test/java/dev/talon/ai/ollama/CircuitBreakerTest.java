package dev.talon.ai.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final AtomicLong now = new AtomicLong();
  private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30), now::get);

  @Test
  void opens_only_after_consecutive_failures() {
    breaker.onFailure();
    breaker.onFailure();
    breaker.onSuccess(); // resets the count
    breaker.onFailure();
    breaker.onFailure();
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    breaker.onFailure();
    assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    assertFalse(breaker.tryAcquire());
  }

  @Test
  void lets_one_trial_through_after_the_cool_down() {
    for (int i = 0; i < 3; i++) {
      breaker.onFailure();
    }
    now.addAndGet(Duration.ofSeconds(29).toNanos());
    assertFalse(breaker.tryAcquire());
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
    assertTrue(breaker.tryAcquire());
    assertFalse(breaker.tryAcquire(), "only one trial at a time");
    breaker.onSuccess();
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    assertTrue(breaker.tryAcquire());
  }

  @Test
  void an_abandoned_trial_frees_the_slot_for_the_next() {
    for (int i = 0; i < 3; i++) {
      breaker.onFailure();
    }
    now.addAndGet(Duration.ofSeconds(30).toNanos());
    assertTrue(breaker.tryAcquire());
    breaker.abandon();
    assertTrue(breaker.tryAcquire());
  }
}
