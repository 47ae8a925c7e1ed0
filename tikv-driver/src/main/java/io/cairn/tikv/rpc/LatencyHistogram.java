package io.cairn.tikv.rpc;

import io.cairn.kv.StorageMetric;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * A latency distribution in fixed buckets, cheap to record from many threads: one {@link
 * LongAdder} per bucket and one for the sum, found by binary search over the bounds in
 * nanoseconds; recording allocates nothing. Read as a cumulative Prometheus-style {@link
 * StorageMetric.Histogram} in seconds. A reading taken while others record may see a sum a
 * few observations ahead of or behind its buckets; the buckets and count agree with each other.
 * Thread-safe.
 */
public final class LatencyHistogram {

  /**
   * Upper bounds in seconds, 0.5 ms to 10 s in Prometheus' 1-2.5-5 steps: from a loopback read
   * to the longest backoff budget's first steps.
   */
  public static final double[] RPC_BUCKETS_SECONDS =
      {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final double[] boundsSeconds;
  private final long[] boundsNanos;
  /** One per bound, then the overflow bucket (above the last bound). Not cumulative. */
  private final LongAdder[] buckets;
  private final LongAdder sumNanos = new LongAdder();

  /** @param boundsSeconds finite, strictly increasing upper bounds in seconds */
  public LatencyHistogram(double[] boundsSeconds) {
    this.boundsSeconds = boundsSeconds.clone();
    this.boundsNanos = new long[boundsSeconds.length];
    for (int i = 0; i < boundsSeconds.length; i++) {
      if (!Double.isFinite(boundsSeconds[i]) || boundsSeconds[i] <= 0 || i > 0 && boundsSeconds[i] <= boundsSeconds[i - 1]) {
        throw new IllegalArgumentException("bounds must be positive, finite and increasing: " + Arrays.toString(boundsSeconds));
      }
      boundsNanos[i] = Math.round(boundsSeconds[i] * 1e9);
    }
    this.buckets = new LongAdder[boundsSeconds.length + 1];
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  /** Records one observation of {@code nanos} (negative readings of a stepped clock count as 0). */
  public void record(long nanos) {
    long n = Math.max(0, nanos);
    int i = Arrays.binarySearch(boundsNanos, n);
    // A bound is inclusive (Prometheus' le); between bounds the insertion point is the bucket.
    buckets[i >= 0 ? i : -i - 1].increment();
    sumNanos.add(n);
  }

  /** Observations so far. */
  public long count() {
    long c = 0;
    for (LongAdder b : buckets) {
      c += b.sum();
    }
    return c;
  }

  /** The distribution so far, cumulative, in seconds. */
  public StorageMetric.Histogram snapshot() {
    long[] cumulative = new long[boundsNanos.length];
    long running = 0;
    for (int i = 0; i < boundsNanos.length; i++) {
      running += buckets[i].sum();
      cumulative[i] = running;
    }
    long count = running + buckets[boundsNanos.length].sum();
    return new StorageMetric.Histogram(boundsSeconds, cumulative, sumNanos.sum() / 1e9, count);
  }
}
