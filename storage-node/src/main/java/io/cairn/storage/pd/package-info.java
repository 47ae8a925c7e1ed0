/**
 * The storage node's side of the conversation with the placement driver (PD): leader discovery
 * and calls ({@link io.cairn.storage.pd.PdConnection}), store registration and cluster bootstrap
 * ({@link io.cairn.storage.pd.StoreRegistrar}), store and region heartbeats with PD's
 * scheduling commands ({@link io.cairn.storage.pd.HeartbeatLoop}), and split reporting
 * ({@link io.cairn.storage.pd.SplitReporter}).
 *
 * <p>The node's regions and Raft layer are reached only through the small interfaces defined
 * here ({@link io.cairn.storage.pd.LocalRegions},
 * {@link io.cairn.storage.pd.SchedulingCommandHandler}, {@link io.cairn.storage.pd.LocalStoreMeta},
 * {@link io.cairn.storage.pd.StoreStatsSource}), so this package depends on neither.
 */
package io.cairn.storage.pd;
