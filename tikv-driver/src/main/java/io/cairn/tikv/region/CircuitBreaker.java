package io.cairn.tikv.region;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Isolates one store that keeps failing. Closed, it lets every request through and counts
 * consecutive failures; at {@code failureThreshold} it opens and refuses requests for {@code
 * openDuration}; then it half-opens: requests pass again, the first success closes it and the
 * first failure opens it for another period. Time comes from an injected nanosecond clock.
 * Thread-safe.
 */
public final class CircuitBreaker {

  /** The breaker's position. */
  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final int failureThreshold;
  private final long openNanos;
  private final LongSupplier nanoClock;
  private int consecutiveFailures;
  private boolean open;
  private long openedAtNanos;
  private long trips;

  public CircuitBreaker(int failureThreshold, Duration openDuration, LongSupplier nanoClock) {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failure threshold must be >= 1: " + failureThreshold);
    }
    this.failureThreshold = failureThreshold;
    this.openNanos = openDuration.toNanos();
    this.nanoClock = nanoClock;
  }

  /** Whether a request may be sent now. */
  public synchronized boolean allowsRequest() {
    return state() != State.OPEN;
  }

  public synchronized State state() {
    if (!open) {
      return State.CLOSED;
    }
    return nanoClock.getAsLong() - openedAtNanos < openNanos ? State.OPEN : State.HALF_OPEN;
  }

  public synchronized void recordSuccess() {
    consecutiveFailures = 0;
    open = false;
  }

  public synchronized void recordFailure() {
    consecutiveFailures++;
    boolean halfOpen = open && state() == State.HALF_OPEN;
    if (halfOpen || (!open && consecutiveFailures >= failureThreshold)) {
      open = true;
      openedAtNanos = nanoClock.getAsLong();
      trips++;
    }
  }

  /** How often the breaker opened. */
  public synchronized long trips() {
    return trips;
  }
}
