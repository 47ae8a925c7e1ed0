package io.cairn.storage.server;

import io.cairn.storage.region.RegionError;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store's overload guard: at most {@code maxInflight} KV requests run at once; one more is
 * answered {@code ServerIsBusy} with an estimated wait, the moving average of recent request
 * durations (at least 1 ms), which is roughly when a slot frees up. Thread-safe.
 */
final class InflightLimiter {
  private final int maxInflight;
  private final AtomicInteger inflight = new AtomicInteger();
  /** Exponential moving average of request duration, in microseconds. */
  private final AtomicLong averageMicros = new AtomicLong();

  InflightLimiter(int maxInflight) {
    if (maxInflight <= 0) {
      throw new IllegalArgumentException("maxInflight must be positive: " + maxInflight);
    }
    this.maxInflight = maxInflight;
  }

  /** Takes a slot, or returns the busy answer (and takes none). */
  RegionError.ServerIsBusy tryEnter() {
    while (true) {
      int n = inflight.get();
      if (n >= maxInflight) {
        long waitMs = Math.max(1, averageMicros.get() / 1000);
        return new RegionError.ServerIsBusy(
            "too many requests in flight (" + n + " of " + maxInflight + ")", waitMs);
      }
      if (inflight.compareAndSet(n, n + 1)) {
        return null;
      }
    }
  }

  /** Gives the slot back after a request of {@code nanos}. */
  void exit(long nanos) {
    inflight.decrementAndGet();
    long micros = nanos / 1000;
    averageMicros.updateAndGet(avg -> avg == 0 ? micros : avg + (micros - avg) / 8);
  }

  int inflight() {
    return inflight.get();
  }
}
