package io.cairn.tikv.config;

import java.util.Objects;

/**
 * The settings of a running storage that change without a restart and that the read and write
 * paths consult on every operation: the backoff budgets, the storage-wide replica-read mode and
 * the one-phase commit switch.
 * A change applies to operations that start after it (a snapshot keeps the replica-read mode
 * it was created with). Thread-safe: each setting is one volatile reference.
 */
public final class RuntimeSettings {

  private volatile BackoffBudgets budgets;
  private volatile ReplicaReadMode replicaRead;
  // off by default: one-phase commits on different stores may share a commit ts, which the
  // kv-interface contract (distinct commit ts for disjoint writers) does not allow
  private volatile boolean onePc;

  public RuntimeSettings(BackoffBudgets budgets, ReplicaReadMode replicaRead) {
    this.budgets = Objects.requireNonNull(budgets, "budgets");
    this.replicaRead = Objects.requireNonNull(replicaRead, "replicaRead");
  }

  /** client-go's budgets and leader reads. */
  public static RuntimeSettings defaults() {
    return new RuntimeSettings(BackoffBudgets.defaults(), ReplicaReadMode.LEADER);
  }

  public BackoffBudgets budgets() {
    return budgets;
  }

  public void setBudgets(BackoffBudgets b) {
    budgets = Objects.requireNonNull(b, "budgets");
  }

  /** The storage-wide replica-read mode (TiDB's global {@code tidb_replica_read}). */
  public ReplicaReadMode replicaRead() {
    return replicaRead;
  }

  public void setReplicaRead(ReplicaReadMode mode) {
    replicaRead = Objects.requireNonNull(mode, "replicaRead");
  }

  /**
   * The mode a read runs with when it asked for {@code requested}: a read that asks for
   * follower or closest-replica reads gets them; one that asks for the leader (kv-interface's
   * default) follows the storage-wide mode, so that a global setting reaches every session that
   * did not choose otherwise.
   */
  public ReplicaReadMode effective(io.cairn.kv.ReplicaReadMode requested) {
    return switch (requested) {
      case LEADER -> replicaRead;
      case FOLLOWER -> ReplicaReadMode.FOLLOWER;
      case LEADER_AND_FOLLOWER -> ReplicaReadMode.LEADER_AND_FOLLOWER;
      case CLOSEST -> ReplicaReadMode.CLOSEST_REPLICAS;
    };
  }

  /**
   * Whether a small transaction whose keys all lie in one region commits in one phase (TiDB's
   * global {@code tidb_enable_1pc}; off by default here, see the field).
   */
  public boolean onePcEnabled() {
    return onePc;
  }

  public void setOnePcEnabled(boolean enabled) {
    onePc = enabled;
  }
}
