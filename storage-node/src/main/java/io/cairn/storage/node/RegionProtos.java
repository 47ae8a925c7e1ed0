package io.cairn.storage.node;

import com.google.protobuf.ByteString;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.PeerRole;
import io.cairn.proto.metapb.Region;
import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RegionMeta;

/** Conversions between the node's region model and {@code metapb}, as PD sees regions. */
final class RegionProtos {

  private RegionProtos() {}

  static Region toProto(RegionMeta m) {
    Region.Builder r = Region.newBuilder().setId(m.id())
        .setStartKey(ByteString.copyFrom(m.startKey()))
        .setEndKey(ByteString.copyFrom(m.endKey()))
        .setRegionEpoch(io.cairn.proto.metapb.RegionEpoch.newBuilder()
            .setConfVer(m.epoch().confVer()).setVersion(m.epoch().version()));
    m.peers().forEach(p -> r.addPeers(toProto(p)));
    return r.build();
  }

  static Peer toProto(PeerMeta p) {
    return Peer.newBuilder().setId(p.id()).setStoreId(p.storeId()).setRole(PeerRole.Voter)
        .build();
  }

  /** A region as PD sent it; peers get no Raft address (this node does not replicate). */
  static RegionMeta fromProto(Region r) {
    return new RegionMeta(r.getId(), r.getStartKey().toByteArray(), r.getEndKey().toByteArray(),
        new RegionEpoch(r.getRegionEpoch().getConfVer(), r.getRegionEpoch().getVersion()),
        r.getPeersList().stream().map(p -> new PeerMeta(p.getId(), p.getStoreId())).toList());
  }
}
