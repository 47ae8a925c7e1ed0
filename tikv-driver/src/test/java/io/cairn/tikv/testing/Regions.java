package io.cairn.tikv.testing;

import com.google.protobuf.ByteString;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.PeerRole;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.RegionEpoch;
import io.cairn.proto.metapb.Store;
import io.cairn.proto.metapb.StoreLabel;
import io.cairn.tikv.pd.CodecPdClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builders of metadata for tests: region r has peers (r*10+s) on stores s. */
public final class Regions {
  private Regions() {}

  public static byte[] key(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static Peer peer(long regionId, long storeId) {
    return Peer.newBuilder().setId(regionId * 10 + storeId).setStoreId(storeId).build();
  }

  public static Peer learner(long regionId, long storeId) {
    return peer(regionId, storeId).toBuilder().setRole(PeerRole.Learner).build();
  }

  public static Region region(long id, String start, String end, long confVer, long version, long... stores) {
    Region.Builder b =
        Region.newBuilder()
            .setId(id)
            .setStartKey(ByteString.copyFromUtf8(start))
            .setEndKey(ByteString.copyFromUtf8(end))
            .setRegionEpoch(RegionEpoch.newBuilder().setConfVer(confVer).setVersion(version));
    for (long s : stores) {
      b.addPeers(peer(id, s));
    }
    return b.build();
  }

  /**
   * {@code region} (with user-key boundaries) as PD and the storage nodes keep it in
   * transactional mode: non-empty boundaries memcomparable-encoded.
   */
  public static Region encoded(Region region) {
    return region.toBuilder()
        .setStartKey(ByteString.copyFrom(CodecPdClient.encodeKey(region.getStartKey().toByteArray())))
        .setEndKey(ByteString.copyFrom(CodecPdClient.encodeKey(region.getEndKey().toByteArray())))
        .build();
  }

  /** {@link #region} with encoded boundaries: how PD and the nodes describe it. */
  public static Region encodedRegion(long id, String start, String end, long confVer, long version, long... stores) {
    return encoded(region(id, start, end, confVer, version, stores));
  }

  public static Store store(long id, String address, Map<String, String> labels) {
    Store.Builder b = Store.newBuilder().setId(id).setAddress(address).setVersion("6.5.0");
    labels.forEach((k, v) -> b.addLabels(StoreLabel.newBuilder().setKey(k).setValue(v)));
    return b.build();
  }
}
