package io.cairn.tikv.retry;

import io.cairn.kv.StorageMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often the driver's tasks backed off, and how long they slept, per {@link BackoffKind}
 * (client-go's {@code tikv_backoff_seconds} by type). Every {@link Backoffer} made with it
 * reports each sleep it takes, including sub-tasks' Backoffers; a backoff refused because the
 * budget ran out is not a sleep and is not counted. Thread-safe; recording allocates nothing.
 */
public final class BackoffMetrics {

  private final LongAdder[] counts = adders();
  private final LongAdder[] sleptMillis = adders();

  private static LongAdder[] adders() {
    LongAdder[] a = new LongAdder[BackoffKind.values().length];
    for (int i = 0; i < a.length; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  void record(BackoffKind kind, long sleepMillis) {
    counts[kind.ordinal()].increment();
    sleptMillis[kind.ordinal()].add(sleepMillis);
  }

  public long count(BackoffKind kind) {
    return counts[kind.ordinal()].sum();
  }

  public long sleptMillis(BackoffKind kind) {
    return sleptMillis[kind.ordinal()].sum();
  }

  /**
   * {@code cairn_tikv_backoffs} and {@code cairn_tikv_backoff_sleep_ms}, one reading per kind
   * (all kinds, zeros included: there are few, and a steady set of series is easier to graph),
   * labelled {@code kind} in lower case ({@code region_miss}).
   */
  public List<StorageMetric> readings() {
    List<StorageMetric> out = new ArrayList<>();
    for (BackoffKind k : BackoffKind.values()) {
      Map<String, String> labels = Map.of("kind", k.name().toLowerCase(Locale.ROOT));
      out.add(new StorageMetric("cairn_tikv_backoffs", "Backoff sleeps taken by driver tasks, by backoff kind",
          StorageMetric.Type.COUNTER, labels, count(k)));
      out.add(new StorageMetric("cairn_tikv_backoff_sleep_ms", "Milliseconds driver tasks slept backing off, by backoff kind",
          StorageMetric.Type.COUNTER, labels, sleptMillis(k)));
    }
    return out;
  }
}
