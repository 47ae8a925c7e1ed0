package io.cairn.pd.cluster;

/** A store's health as derived from its heartbeats. */
public enum StoreHealth {
  /** Heartbeating. */
  UP,
  /** Silent for longer than the disconnect threshold; its peers are not replaced yet. */
  DISCONNECTED,
  /** Silent for longer than the down threshold: its peers are replaced elsewhere. */
  DOWN,
  /** Removed from the cluster for good. */
  TOMBSTONE
}
