package io.cairn.storage.region;

import java.util.Objects;

/**
 * One replica of a region (metapb.Peer plus what Raft needs to reach it): its peer id, the
 * store that holds it, and that store's Raft address ({@code host:port}).
 *
 * <p>A store holds at most one replica of a region, so inside a region the store id also names
 * the replica; the Raft group addresses replicas by store (see {@code RaftStore}). The peer id
 * is what clients and PD see (TiKV's metapb). {@code address} is empty for a replica that is
 * not replicated by Raft (a {@link LocalRegionEngine} region); the Raft side refuses such a
 * peer.
 */
public record PeerMeta(long id, long storeId, String address) {

  public PeerMeta {
    if (id < 0 || storeId < 0) {
      throw new IllegalArgumentException("negative peer id " + id + " or store id " + storeId);
    }
    Objects.requireNonNull(address, "address");
  }

  /** A peer without a Raft address (unreplicated regions). */
  public PeerMeta(long id, long storeId) {
    this(id, storeId, "");
  }
}
