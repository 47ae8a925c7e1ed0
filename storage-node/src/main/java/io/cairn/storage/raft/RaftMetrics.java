package io.cairn.storage.raft;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The Raft instruments of one {@link RaftStore}, built unregistered so the store records into
 * them whether or not anybody scrapes; {@link #register} puts them on a registry (the node's
 * status port). Recording is a Prometheus counter or histogram update (striped adders, no
 * allocation). Thread-safe.
 *
 * <ul>
 *   <li>{@code cairn_raft_proposals_total{result}}: write commands proposed by leaders here,
 *       {@code result} {@code ok} or {@code failed} (not leader, epoch, timeout, ...);
 *   <li>{@code cairn_raft_apply_duration_seconds}: applying one log entry to the engine;
 *   <li>{@code cairn_raft_leader_changes_total}: leader changes the replicas here observed;
 *   <li>{@code cairn_raft_snapshots_sent_total} / {@code _received_total}: region snapshots
 *       exported for a lagging replica elsewhere / installed here;
 *   <li>{@code cairn_raft_leaders}: regions whose replica here leads, read at scrape time;
 *   <li>{@code cairn_raft_apply_lag_entries}: committed but not yet applied entries, summed
 *       over the replicas here, read at scrape time.
 * </ul>
 */
public final class RaftMetrics {

  private static final double[] APPLY_BUCKETS =
      {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1};

  private final Counter proposals = Counter.builder()
      .name("cairn_raft_proposals").help("Write commands proposed by leaders on this store, by result")
      .labelNames("result").build();
  private final Histogram applyDuration = Histogram.builder()
      .name("cairn_raft_apply_duration_seconds").help("Time to apply one Raft log entry to the engine")
      .classicOnly().classicUpperBounds(APPLY_BUCKETS).build();
  private final Counter leaderChanges = Counter.builder()
      .name("cairn_raft_leader_changes").help("Leader changes observed by the region replicas on this store").build();
  private final Counter snapshotsSent = Counter.builder()
      .name("cairn_raft_snapshots_sent").help("Region snapshots exported for a lagging replica on another store").build();
  private final Counter snapshotsReceived = Counter.builder()
      .name("cairn_raft_snapshots_received").help("Region snapshots installed on this store from a leader").build();
  private final GaugeWithCallback leaders;
  private final GaugeWithCallback applyLag;

  /** @param store read at scrape time for the leaders hosted and the apply lag */
  RaftMetrics(RaftStore store) {
    this.leaders = GaugeWithCallback.builder()
        .name("cairn_raft_leaders").help("Regions whose replica on this store is the Raft leader")
        .callback(cb -> cb.call(store.leaderCount())).build();
    this.applyLag = GaugeWithCallback.builder()
        .name("cairn_raft_apply_lag_entries").help("Committed Raft entries not yet applied, over the replicas on this store")
        .callback(cb -> cb.call(store.applyLag())).build();
  }

  /** Registers every instrument on {@code registry}; once per registry. */
  public void register(PrometheusRegistry registry) {
    registry.register(proposals);
    registry.register(applyDuration);
    registry.register(leaderChanges);
    registry.register(snapshotsSent);
    registry.register(snapshotsReceived);
    registry.register(leaders);
    registry.register(applyLag);
  }

  void proposed(boolean ok) {
    proposals.labelValues(ok ? "ok" : "failed").inc();
  }

  void applied(long nanos) {
    applyDuration.observe(nanos / 1e9);
  }

  void leaderChanged() {
    leaderChanges.inc();
  }

  void snapshotSent() {
    snapshotsSent.inc();
  }

  void snapshotReceived() {
    snapshotsReceived.inc();
  }

  /** Proposals so far with the given result, for tests and status pages. */
  public long proposals(boolean ok) {
    return (long) proposals.labelValues(ok ? "ok" : "failed").get();
  }
}
