/**
 * The storage node process as one object ({@link io.cairn.storage.node.StorageNode}): the
 * engine, the region layer, the gRPC server, and PD registration, heartbeats and split
 * reports, started and stopped in dependency order.
 *
 * <p>The region layer is a {@link io.cairn.storage.region.LocalRegionEngine} (one replica per
 * region, no Raft). The Raft-backed {@link io.cairn.storage.region.RegionEngine} plugs in at
 * {@link io.cairn.storage.node.StorageNode}'s one construction site of the region engine and of
 * the {@link io.cairn.storage.pd.SchedulingCommandHandler}; region metadata is persisted at the
 * keys the Raft store reads ({@link io.cairn.storage.raft.RegionKeys#metaKey}).
 */
package io.cairn.storage.node;
