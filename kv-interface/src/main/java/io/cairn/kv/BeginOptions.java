package io.cairn.kv;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * How a transaction begins. Build with {@link #builder()}; {@link #DEFAULT} is an optimistic
 * REPEATABLE READ read-write transaction with a fresh start timestamp.
 *
 * @param isolation the isolation level; {@link IsolationLevel#READ_COMMITTED} requires
 *     {@code pessimistic}
 * @param pessimistic take locks while statements run ({@link Transaction#lockKeys}), so commit
 *     does not fail on write conflicts for locked keys
 * @param startTs an explicit start (snapshot) timestamp, e.g. for a stale read; empty to take
 *     a fresh one from the oracle
 * @param replicaRead which replicas serve the transaction's reads
 * @param priority the storage-side priority of the transaction's requests
 * @param resourceGroup the resource group charged for the work, never null
 * @param readOnly the transaction may not write: {@link Mutator} calls and
 *     {@link Transaction#lockKeys} throw {@link ReadOnlyTransactionException}
 * @param txnScope the timestamp scope, {@code "global"} unless a local TSO is used
 * @param staleRead the explicit {@code startTs} is in the past and the reads may be served by
 *     any replica that has caught up to it ({@link SnapshotOptions#staleRead()}); requires
 *     {@code readOnly} and {@code startTs}
 */
public record BeginOptions(
    IsolationLevel isolation,
    boolean pessimistic,
    OptionalLong startTs,
    ReplicaReadMode replicaRead,
    Priority priority,
    String resourceGroup,
    boolean readOnly,
    String txnScope,
    boolean staleRead) {

  public static final String DEFAULT_RESOURCE_GROUP = "default";
  public static final String GLOBAL_TXN_SCOPE = "global";
  public static final BeginOptions DEFAULT = builder().build();

  /** @throws IllegalArgumentException on an inconsistent combination */
  public BeginOptions {
    Objects.requireNonNull(isolation, "isolation");
    Objects.requireNonNull(startTs, "startTs");
    Objects.requireNonNull(replicaRead, "replicaRead");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(resourceGroup, "resourceGroup");
    Objects.requireNonNull(txnScope, "txnScope");
    if (isolation == IsolationLevel.READ_COMMITTED && !pessimistic) {
      throw new IllegalArgumentException("READ COMMITTED is only supported for pessimistic transactions");
    }
    if (startTs.isPresent() && startTs.getAsLong() <= 0) {
      throw new IllegalArgumentException("start timestamp must be positive: " + startTs.getAsLong());
    }
    if (readOnly && pessimistic) {
      throw new IllegalArgumentException("a read-only transaction cannot be pessimistic");
    }
    if (staleRead && (!readOnly || startTs.isEmpty())) {
      throw new IllegalArgumentException("a stale read needs a read-only transaction with an explicit start timestamp");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.isolation = isolation;
    b.pessimistic = pessimistic;
    b.startTs = startTs;
    b.replicaRead = replicaRead;
    b.priority = priority;
    b.resourceGroup = resourceGroup;
    b.readOnly = readOnly;
    b.txnScope = txnScope;
    b.staleRead = staleRead;
    return b;
  }

  /** The options a snapshot read of this transaction uses. */
  public SnapshotOptions snapshotOptions() {
    return SnapshotOptions.builder()
        .replicaRead(replicaRead)
        .priority(priority)
        .resourceGroup(resourceGroup)
        .txnScope(txnScope)
        .staleRead(staleRead)
        .build();
  }

  /** Collects {@link BeginOptions}; not thread-safe. */
  public static final class Builder {
    private IsolationLevel isolation = IsolationLevel.REPEATABLE_READ;
    private boolean pessimistic;
    private OptionalLong startTs = OptionalLong.empty();
    private ReplicaReadMode replicaRead = ReplicaReadMode.LEADER;
    private Priority priority = Priority.NORMAL;
    private String resourceGroup = DEFAULT_RESOURCE_GROUP;
    private boolean readOnly;
    private String txnScope = GLOBAL_TXN_SCOPE;
    private boolean staleRead;

    private Builder() {}

    public Builder isolation(IsolationLevel isolation) {
      this.isolation = isolation;
      return this;
    }

    public Builder pessimistic(boolean pessimistic) {
      this.pessimistic = pessimistic;
      return this;
    }

    public Builder startTs(long startTs) {
      this.startTs = OptionalLong.of(startTs);
      return this;
    }

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

    public Builder readOnly(boolean readOnly) {
      this.readOnly = readOnly;
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

    public BeginOptions build() {
      return new BeginOptions(
          isolation, pessimistic, startTs, replicaRead, priority, resourceGroup, readOnly, txnScope, staleRead);
    }
  }
}
