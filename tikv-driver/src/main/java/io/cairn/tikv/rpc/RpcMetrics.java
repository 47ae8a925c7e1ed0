package io.cairn.tikv.rpc;

import io.cairn.kv.StorageMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Latency of the RPCs the driver sends to stores, one {@link LatencyHistogram} per {@link
 * RpcKind} and {@link Outcome}, preallocated so that recording is an array index and two
 * {@link java.util.concurrent.atomic.LongAdder} increments. The time measured is one attempt on
 * the wire: from handing the request to gRPC to its answer or failure, without the interceptor
 * chain (resource-control throttling, fault hooks) or backoff sleeps. Thread-safe.
 */
public final class RpcMetrics {

  /** How an attempt ended. */
  public enum Outcome {
    /** An answer without a region error (key errors included: the region served it). */
    OK,
    /** An answer carrying a region error. */
    REGION_ERROR,
    /** A transport failure: the gRPC call failed (deadline, unavailable, cancelled, ...). */
    RPC_ERROR;

    final String label = name().toLowerCase(Locale.ROOT);
  }

  private static final int OUTCOMES = Outcome.values().length;

  private final LatencyHistogram[] histograms;

  public RpcMetrics() {
    histograms = new LatencyHistogram[RpcKind.values().size() * OUTCOMES];
    for (int i = 0; i < histograms.length; i++) {
      histograms[i] = new LatencyHistogram(LatencyHistogram.RPC_BUCKETS_SECONDS);
    }
  }

  public void record(RpcKind<?, ?> kind, Outcome outcome, long nanos) {
    histograms[kind.index() * OUTCOMES + outcome.ordinal()].record(nanos);
  }

  /** Attempts recorded so far of {@code kind} that ended with {@code outcome}. */
  public long count(RpcKind<?, ?> kind, Outcome outcome) {
    return histograms[kind.index() * OUTCOMES + outcome.ordinal()].count();
  }

  /**
   * One {@code cairn_tikv_rpc_duration_seconds} reading, labelled {@code type} (the RPC's wire
   * name) and {@code outcome}, for every kind and outcome seen at least once: the full table
   * would be a hundred series of zeros.
   */
  public List<StorageMetric> readings() {
    List<StorageMetric> out = new ArrayList<>();
    List<RpcKind<?, ?>> kinds = RpcKind.values();
    for (RpcKind<?, ?> kind : kinds) {
      for (Outcome o : Outcome.values()) {
        LatencyHistogram h = histograms[kind.index() * OUTCOMES + o.ordinal()];
        if (h.count() > 0) {
          out.add(StorageMetric.histogram("cairn_tikv_rpc_duration_seconds",
              "Latency of one RPC attempt to a store, by RPC type and outcome",
              Map.of("type", kind.name(), "outcome", o.label), h.snapshot()));
        }
      }
    }
    return out;
  }
}
