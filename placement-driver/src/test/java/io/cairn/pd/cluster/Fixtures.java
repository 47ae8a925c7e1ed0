package io.cairn.pd.cluster;

import com.google.protobuf.ByteString;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.RegionEpoch;
import io.cairn.proto.metapb.Store;

/** Builders for metadata in tests. */
public final class Fixtures {

  private Fixtures() {}

  public static ByteString key(String s) {
    return ByteString.copyFromUtf8(s);
  }

  public static Store store(long id) {
    return Store.newBuilder().setId(id).setAddress("127.0.0.1:" + (20160 + id))
        .setVersion("6.5.0").build();
  }

  public static Peer peer(long id, long storeId) {
    return Peer.newBuilder().setId(id).setStoreId(storeId).build();
  }

  /** A region [start, end) with epoch (confVer, version) and the given peers. */
  public static Region region(long id, ByteString start, ByteString end, long confVer,
      long version, Peer... peers) {
    return Region.newBuilder().setId(id).setStartKey(start).setEndKey(end)
        .setRegionEpoch(RegionEpoch.newBuilder().setConfVer(confVer).setVersion(version))
        .addAllPeers(java.util.List.of(peers)).build();
  }

  public static Region region(long id, String start, String end, long version, Peer... peers) {
    return region(id, key(start), key(end), 1, version, peers);
  }
}
