package io.cairn.tikv.pd;

import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import java.util.List;
import java.util.Objects;

/**
 * A region as PD routes it.
 *
 * @param meta the region's range, epoch and peers
 * @param leader the leader PD last heard of, null when PD knows none yet
 * @param downPeers peers that have not answered their leader for a while
 */
public record PdRegion(Region meta, Peer leader, List<Peer> downPeers) {
  public PdRegion {
    Objects.requireNonNull(meta, "meta");
    downPeers = List.copyOf(downPeers);
  }
}
