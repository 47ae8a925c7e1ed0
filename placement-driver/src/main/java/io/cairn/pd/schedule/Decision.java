package io.cairn.pd.schedule;

import io.cairn.proto.metapb.Peer;

/** What a checker wants done to one region; {@link OperatorController} turns it into an operator. */
public sealed interface Decision {

  /** Why, for logs. */
  String reason();

  /** Add a voter on {@code storeId} (PD allocates the peer id). */
  record AddPeer(long storeId, String reason) implements Decision {}

  /** Remove {@code peer} from the region. */
  record RemovePeer(Peer peer, String reason) implements Decision {}

  /**
   * Move the replica {@code from} to {@code toStoreId}: add a voter there (PD allocates the peer
   * id), and once it has caught up, remove {@code from}.
   */
  record MovePeer(Peer from, long toStoreId, String reason) implements Decision {}

  /** Move leadership to {@code target}. */
  record TransferLeader(Peer target, String reason) implements Decision {}
}
