package io.cairn.sql.exec;

import io.cairn.kv.Client;
import io.cairn.kv.KeyRange;
import io.cairn.kv.Priority;
import io.cairn.kv.ReplicaReadMode;
import java.util.List;

/**
 * One execution's coprocessor reads: the client, the key ranges of the source's rows (sorted,
 * disjoint; empty when the statement can match no row), the snapshot they read and how.
 *
 * @param priority the transaction's storage-side priority
 * @param resourceGroup the resource group the transaction is charged to
 * @param staleRead {@code startTs} is a stale read's past timestamp, which any caught-up
 *     replica may serve
 *
 * @param checkCancelled throws the statement's cancellation error (KILL QUERY) when it was cancelled
 */
public record PushdownReads(
    Client client,
    List<KeyRange> ranges,
    long startTs,
    ReplicaReadMode replicaRead,
    int concurrency,
    boolean staleRead,
    Priority priority,
    String resourceGroup,
    Runnable checkCancelled) {

  public PushdownReads {
    ranges = List.copyOf(ranges);
  }
}
