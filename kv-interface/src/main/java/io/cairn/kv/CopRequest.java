package io.cairn.kv;

import java.util.List;
import java.util.Objects;

/**
 * One coprocessor request: a payload the storage nodes understand (an encoded DAG for
 * {@link CopRequestType#DAG}), run over {@code ranges} of one snapshot. The storage layer
 * never looks inside the payload; the coprocessor module defines its format.
 *
 * @param type what the payload is
 * @param payload the encoded request, not modified by anyone after construction
 * @param ranges the key ranges to run over, sorted and non-overlapping
 * @param startTs the snapshot timestamp the request reads at
 * @param keepOrder responses must come in range order (otherwise any order, for speed)
 * @param desc scan each range in descending key order
 * @param concurrency how many region tasks may run at once, at least 1
 * @param replicaRead which replicas serve the request
 * @param priority the storage-side priority
 * @param resourceGroup the resource group charged for the work
 * @param staleRead {@code startTs} is in the past and any replica that has caught up to it may
 *     serve the request ({@link SnapshotOptions#staleRead()})
 */
public record CopRequest(
    CopRequestType type,
    byte[] payload,
    List<KeyRange> ranges,
    long startTs,
    boolean keepOrder,
    boolean desc,
    int concurrency,
    ReplicaReadMode replicaRead,
    Priority priority,
    String resourceGroup,
    boolean staleRead) {

  /** @throws IllegalArgumentException if the ranges are unsorted or overlap */
  public CopRequest {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(replicaRead, "replicaRead");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(resourceGroup, "resourceGroup");
    ranges = List.copyOf(ranges);
    if (startTs <= 0) {
      throw new IllegalArgumentException("start timestamp must be positive: " + startTs);
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
    }
    for (int i = 1; i < ranges.size(); i++) {
      KeyRange prev = ranges.get(i - 1);
      if (prev.isUnboundedEnd() || prev.end().compareTo(ranges.get(i).start()) > 0) {
        throw new IllegalArgumentException("coprocessor ranges unsorted or overlapping: " + prev + ", " + ranges.get(i));
      }
    }
  }

  /** A request that is not a stale read. */
  public CopRequest(CopRequestType type, byte[] payload, List<KeyRange> ranges, long startTs, boolean keepOrder,
      boolean desc, int concurrency, ReplicaReadMode replicaRead, Priority priority, String resourceGroup) {
    this(type, payload, ranges, startTs, keepOrder, desc, concurrency, replicaRead, priority, resourceGroup, false);
  }

  /** A DAG request with default scheduling: in order, ascending, concurrency 1. */
  public static CopRequest dag(byte[] payload, List<KeyRange> ranges, long startTs) {
    return new CopRequest(
        CopRequestType.DAG, payload, ranges, startTs, true, false, 1,
        ReplicaReadMode.LEADER, Priority.NORMAL, BeginOptions.DEFAULT_RESOURCE_GROUP);
  }

  /**
   * A DAG request with default scheduling that reads as {@code snapshot} does: at its
   * timestamp, with its replica-read mode, priority, resource group and stale-read flag. This
   * is how a statement's coprocessor reads follow the session's {@code tidb_replica_read} and
   * stale reads.
   */
  public static CopRequest dag(byte[] payload, List<KeyRange> ranges, Snapshot snapshot) {
    SnapshotOptions o = snapshot.options();
    return new CopRequest(
        CopRequestType.DAG, payload, ranges, snapshot.timestamp(), true, false, 1,
        o.replicaRead(), o.priority(), o.resourceGroup(), o.staleRead());
  }
}
