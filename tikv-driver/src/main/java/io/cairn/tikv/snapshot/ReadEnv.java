package io.cairn.tikv.snapshot;

import io.cairn.tikv.rpc.KvRpc;
import io.cairn.tikv.txn.lock.LockResolver;

/**
 * What a snapshot reads with, shared by all snapshots of one storage.
 *
 * @param rpc region routing and fan-out
 * @param resolver resolves the locks reads meet
 * @param scanBatchSize pairs per KvScan request
 * @param checkOpen throws {@link io.cairn.kv.StorageClosedException} once the storage closed
 */
public record ReadEnv(KvRpc rpc, LockResolver resolver, int scanBatchSize, Runnable checkOpen) {}
