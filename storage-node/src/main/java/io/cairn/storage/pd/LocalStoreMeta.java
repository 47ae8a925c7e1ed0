package io.cairn.storage.pd;

import io.cairn.proto.metapb.Region;

/**
 * The node's durable storage for what {@link StoreRegistrar} needs to remember, implemented by
 * the node (e.g. on its engine's CF {@code raft}).
 *
 * <p>Contract: {@link #saveIdent} is durable when it returns (a crash afterwards must still
 * load it); {@link #createFirstRegion} creates the region's local replica (its meta and an
 * empty Raft group) durably before it returns and is idempotent, because a crash between it
 * and the following {@link #saveIdent} makes the registrar call it again with the same region.
 * Called only from the thread running {@link StoreRegistrar#register()}.
 */
public interface LocalStoreMeta {

  /** The persisted ident, or {@code null} on a store that never registered. */
  StoreIdent loadIdent();

  /** Replaces the persisted ident. */
  void saveIdent(StoreIdent ident);

  /**
   * Creates the cluster's first region on this store: {@code region} covers the whole key
   * space, has epoch (conf_ver 1, version 1) and one voter on this store.
   */
  void createFirstRegion(Region region);
}
