package io.cairn.storage.raft;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches a region's snapshot from another store for a lagging replica. The node's gRPC
 * layer implements it by asking the leader store to run {@link RaftStore#exportSnapshot} and
 * copying the files; in one JVM it can call the leader's store directly.
 *
 * <p>The future completes once {@code targetDir} (empty, created by the caller) holds the
 * files {@link RegionSnapshotFiles#export} wrote on {@code leaderStoreId}; it fails when the
 * leader cannot export (for example it no longer hosts the region). Thread-safe.
 */
@FunctionalInterface
public interface RegionSnapshotSource {

  CompletableFuture<Void> fetch(long regionId, long leaderStoreId, Path targetDir);
}
