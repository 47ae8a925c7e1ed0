package io.cairn.tikv.region;

/** Why a cached region was dropped or changed (client-go's InvalidReason); counted in metrics. */
public enum InvalidReason {
  /** The leader moved; the region stays cached with its new leader. */
  NOT_LEADER,
  /** A NotLeader hint named a peer the cached region does not have: membership changed. */
  NO_LEADER_PEER,
  /** The region split or merged; replaced by the current regions a node reported. */
  EPOCH_NOT_MATCH,
  /** The node does not host the region. */
  REGION_NOT_FOUND,
  /** The key is outside the region as the node knows it. */
  KEY_NOT_IN_REGION,
  /** The request reached a store other than the one the peer lives on. */
  STORE_NOT_MATCH,
  /** Every replica's store is down or isolated. */
  STORE_DOWN,
  /** The region's TTL ran out. */
  EXPIRED,
  /** Another routing error. */
  OTHER
}
