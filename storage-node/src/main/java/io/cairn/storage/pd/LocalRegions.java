package io.cairn.storage.pd;

import java.util.List;

/**
 * The regions this store hosts, as the node's region layer knows them; read by the heartbeat
 * loop and by the command dispatcher.
 *
 * <p>Contract: every method returns a consistent snapshot taken at the call (never a live view)
 * and does not block on Raft: it is called from the heartbeat thread once per interval. The
 * returned lists are not modified by the caller. Implementations are thread-safe.
 */
public interface LocalRegions {

  /** How many regions have a replica on this store, led here or not. */
  int regionCount();

  /** The regions whose leader is this store's peer. */
  List<RegionStatus> ledRegions();

  /** Region {@code regionId} if this store has a replica of it, else {@code null}. */
  RegionStatus region(long regionId);
}
