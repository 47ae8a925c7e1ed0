package io.cairn.kv;

import java.util.Objects;

/**
 * How a snapshot reads. Build with {@link #builder()}; {@link #DEFAULT} reads from leaders at
 * normal priority.
 *
 * @param replicaRead which replicas serve the reads
 * @param priority the storage-side priority of the requests
 * @param resourceGroup the resource group charged for the work, never null
 * @param notFillCache ask storage nodes not to fill their block cache (large scans)
 * @param txnScope the timestamp scope, {@code "global"} unless a local TSO is used
 * @param staleRead the timestamp is in the past and the reads may be served by any replica
 *     that has caught up to it without asking the leader (TiKV's stale read); a replica that
 *     has not is skipped for the leader. Such a snapshot is for reads only: nothing locks or
 *     writes at its timestamp.
 */
public record SnapshotOptions(
    ReplicaReadMode replicaRead,
    Priority priority,
    String resourceGroup,
    boolean notFillCache,
    String txnScope,
    boolean staleRead) {

  public static final SnapshotOptions DEFAULT = builder().build();

  public SnapshotOptions {
    Objects.requireNonNull(replicaRead, "replicaRead");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(resourceGroup, "resourceGroup");
    Objects.requireNonNull(txnScope, "txnScope");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects {@link SnapshotOptions}; not thread-safe. */
  public static final class Builder {
    private ReplicaReadMode replicaRead = ReplicaReadMode.LEADER;
    private Priority priority = Priority.NORMAL;
    private String resourceGroup = BeginOptions.DEFAULT_RESOURCE_GROUP;
    private boolean notFillCache;
    private String txnScope = BeginOptions.GLOBAL_TXN_SCOPE;
    private boolean staleRead;

    private Builder() {}

    public Builder replicaRead(ReplicaReadMode replicaRead) {
      this.replicaRead = replicaRead;
      return this;
    }

    public Builder priority(Priority priority) {
      this.priority = priority;
      return this;
    }

    public Builder resourceGroup(String resourceGroup) {
      this.resourceGroup = resourceGroup;
      return this;
    }

    public Builder notFillCache(boolean notFillCache) {
      this.notFillCache = notFillCache;
      return this;
    }

    public Builder txnScope(String txnScope) {
      this.txnScope = txnScope;
      return this;
    }

    public Builder staleRead(boolean staleRead) {
      this.staleRead = staleRead;
      return this;
    }

    public SnapshotOptions build() {
      return new SnapshotOptions(replicaRead, priority, resourceGroup, notFillCache, txnScope, staleRead);
    }
  }
}
