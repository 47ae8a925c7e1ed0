package io.cairn.tikv.resource;

import java.util.function.LongSupplier;

/**
 * A token bucket that lends: a reservation takes its tokens at once, even into debt, and is told
 * when the bucket will have refilled enough to cover it. Reservations are served strictly in the
 * order they take the lock, so a large request cannot be overtaken forever by small ones, and
 * over any window from the first reservation's ready time to the last one's, the tokens granted
 * never exceed {@code capacity + rate × window} (for requests no larger than the capacity).
 *
 * <p>Tokens are doubles: RU costs are fractions. The bucket starts full. An unlimited bucket
 * (rate +∞) grants everything at once and keeps no state. Thread-safe; every operation is O(1)
 * under the bucket's monitor.
 */
public final class TokenBucket {

  private static final double NANOS_PER_SECOND = 1e9;

  private final LongSupplier nanoClock;
  private double rate;
  private double capacity;
  private double tokens;
  private long lastRefill;

  /**
   * @param ratePerSecond tokens added per second, {@code Double.POSITIVE_INFINITY} for no limit
   * @param capacity most tokens the bucket holds, infinite with an infinite rate
   * @param nanoClock a monotonic nanosecond clock ({@code System::nanoTime})
   */
  public TokenBucket(double ratePerSecond, double capacity, LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    configure(ratePerSecond, capacity);
    this.tokens = capacity;
    this.lastRefill = nanoClock.getAsLong();
  }

  private void configure(double ratePerSecond, double newCapacity) {
    boolean unlimited = ratePerSecond == Double.POSITIVE_INFINITY;
    if (unlimited != (newCapacity == Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("rate and capacity must both be infinite or both finite");
    }
    if (!(ratePerSecond > 0) || !(newCapacity > 0)) {
      throw new IllegalArgumentException("rate and capacity must be positive: " + ratePerSecond + ", " + newCapacity);
    }
    this.rate = ratePerSecond;
    this.capacity = newCapacity;
  }

  /**
   * Takes {@code n} tokens now and returns the clock time (nanoseconds) at which the bucket
   * covers them: at or before the current time when the tokens were there, later when the
   * caller must wait. The tokens stay taken whether or not the caller waits.
   */
  public synchronized long reserve(double n) {
    requireAmount(n);
    long now = nanoClock.getAsLong();
    if (rate == Double.POSITIVE_INFINITY) {
      return now;
    }
    refill(now);
    tokens -= n;
    if (tokens >= 0) {
      return now;
    }
    // Ceil so that the caller never wakes before the debt is covered.
    return lastRefill + (long) Math.ceil(-tokens / rate * NANOS_PER_SECOND);
  }

  /** Takes {@code n} tokens without a reservation: costs learned after the fact (settlement). */
  public synchronized void consume(double n) {
    requireAmount(n);
    if (rate == Double.POSITIVE_INFINITY) {
      return;
    }
    refill(nanoClock.getAsLong());
    tokens -= n;
  }

  /** Gives back {@code n} tokens taken earlier (never above the capacity). */
  public synchronized void refund(double n) {
    requireAmount(n);
    if (rate == Double.POSITIVE_INFINITY) {
      return;
    }
    refill(nanoClock.getAsLong());
    tokens = Math.min(capacity, tokens + n);
  }

  /**
   * Changes the rate and capacity, keeping the tokens accrued so far (cut to the new capacity).
   * A bucket that was unlimited starts full.
   */
  public synchronized void reconfigure(double ratePerSecond, double newCapacity) {
    long now = nanoClock.getAsLong();
    boolean wasUnlimited = rate == Double.POSITIVE_INFINITY;
    if (!wasUnlimited) {
      refill(now);
    }
    configure(ratePerSecond, newCapacity);
    tokens = wasUnlimited ? newCapacity : Math.min(tokens, newCapacity);
    lastRefill = now;
  }

  /** Tokens in the bucket now; negative while the bucket is in debt. */
  public synchronized double available() {
    if (rate == Double.POSITIVE_INFINITY) {
      return Double.POSITIVE_INFINITY;
    }
    refill(nanoClock.getAsLong());
    return tokens;
  }

  public synchronized double rate() {
    return rate;
  }

  public synchronized double capacity() {
    return capacity;
  }

  private void refill(long now) {
    // Tokens are accounted as of lastRefill; a clock that did not advance (or a clock source
    // that is not strictly monotonic) must never move that point back.
    if (now > lastRefill) {
      tokens = Math.min(capacity, tokens + rate * (now - lastRefill) / NANOS_PER_SECOND);
      lastRefill = now;
    }
  }

  private static void requireAmount(double n) {
    if (!(n >= 0) || Double.isInfinite(n)) {
      throw new IllegalArgumentException("token amount must be finite and >= 0: " + n);
    }
  }
}
