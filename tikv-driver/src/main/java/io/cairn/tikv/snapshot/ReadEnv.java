package io.cairn.tikv.snapshot;

import io.cairn.tikv.config.RuntimeSettings;
import io.cairn.tikv.rpc.KvRpc;
import io.cairn.tikv.txn.lock.LockResolver;
import java.util.function.LongConsumer;

/**
 * What a snapshot reads with, shared by all snapshots of one storage.
 *
 * @param rpc region routing and fan-out
 * @param resolver resolves the locks reads meet
 * @param scanBatchSize pairs per KvScan request
 * @param settings the backoff budgets and the storage-wide replica-read mode, read per operation
 * @param checkVisible throws {@link io.cairn.kv.GcTooEarlyException} when a read at the given
 *     timestamp is below the GC safe point
 * @param checkOpen throws {@link io.cairn.kv.StorageClosedException} once the storage closed
 */
public record ReadEnv(KvRpc rpc, LockResolver resolver, int scanBatchSize, RuntimeSettings settings,
    LongConsumer checkVisible, Runnable checkOpen) {}
