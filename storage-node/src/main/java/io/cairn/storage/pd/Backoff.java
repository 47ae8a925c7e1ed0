package io.cairn.storage.pd;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with "equal jitter": the n-th delay is drawn from
 * {@code [d/2, d]} with {@code d = min(cap, base * 2^n)}. Jitter keeps the stores of a cluster
 * from reconnecting to a restarted PD in lockstep. Not thread-safe (one owner).
 */
final class Backoff {

  private final long baseNanos;
  private final long capNanos;
  private final Random random;
  private long ceiling;

  Backoff(Duration base, Duration cap, Random random) {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 < base <= cap: " + base + ", " + cap);
    }
    this.baseNanos = base.toNanos();
    this.capNanos = cap.toNanos();
    this.random = random;
    this.ceiling = baseNanos;
  }

  /** The next delay, in nanoseconds; each call doubles the ceiling until the cap. */
  long nextNanos() {
    long d = ceiling;
    ceiling = d > capNanos / 2 ? capNanos : d * 2;
    long half = d / 2;
    return half + (half == 0 ? 0 : (long) (random.nextDouble() * (d - half)));
  }

  void reset() {
    ceiling = baseNanos;
  }
}
