package io.cairn.pd.server;

import static io.cairn.pd.cluster.Fixtures.key;
import static io.cairn.pd.cluster.Fixtures.peer;
import static io.cairn.pd.cluster.Fixtures.region;
import static io.cairn.pd.cluster.Fixtures.store;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.pd.PdClock;
import io.cairn.pd.PdConfig;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.pdpb.AllocIDRequest;
import io.cairn.proto.pdpb.BootstrapRequest;
import io.cairn.proto.pdpb.GetMembersRequest;
import io.cairn.proto.pdpb.PDGrpc;
import io.cairn.proto.pdpb.RegionHeartbeatRequest;
import io.cairn.proto.pdpb.RegionHeartbeatResponse;
import io.cairn.proto.pdpb.ReportBatchSplitRequest;
import io.cairn.proto.pdpb.RequestHeader;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tikv.common.PDClient;
import org.tikv.common.TiConfiguration;
import org.tikv.common.TiSession;
import org.tikv.common.meta.TiTimestamp;
import org.tikv.common.util.ConcreteBackOffer;
import org.tikv.common.util.Pair;
import org.tikv.kvproto.Metapb;

/**
 * An independent PD client, tikv-client-java (with its own shaded gRPC and protobuf), against
 * PdServer on a real loopback port. Slow: creating a TiSession takes 4-15 s here.
 */
@Tag("slow")
class TikvClientInteropTest {

  @TempDir Path dir;

  private static org.tikv.shade.com.google.protobuf.ByteString tikvKey(String s) {
    return org.tikv.shade.com.google.protobuf.ByteString.copyFromUtf8(s);
  }

  @Test
  @SuppressWarnings("try") // TiSession.close() declares Exception; the test propagates it
  void tikvClientReadsTimestampsRegionsAndStores() throws Exception {
    PdConfig config = PdConfig.defaults().withDataDir(dir).withListen("127.0.0.1", 0);
    try (PdServer server = PdServer.start(config, PdClock.SYSTEM)) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
          .usePlaintext().build();
      Region left;
      Region right;
      long storeId;
      try {
        PDGrpc.PDBlockingStub pd = PDGrpc.newBlockingStub(channel)
            .withDeadlineAfter(30, TimeUnit.SECONDS);
        RequestHeader header = RequestHeader.newBuilder().setClusterId(pd
            .getMembers(GetMembersRequest.getDefaultInstance()).getHeader().getClusterId())
            .build();
        storeId = pd.allocID(AllocIDRequest.newBuilder().setHeader(header).build()).getId();
        long regionId = pd.allocID(AllocIDRequest.newBuilder().setHeader(header).build()).getId();
        long peerId = pd.allocID(AllocIDRequest.newBuilder().setHeader(header).build()).getId();
        Region first = region(regionId, ByteString.EMPTY, ByteString.EMPTY, 1, 1,
            peer(peerId, storeId));
        pd.bootstrap(BootstrapRequest.newBuilder().setHeader(header).setStore(store(storeId))
            .setRegion(first).build());
        long newId = pd.allocID(AllocIDRequest.newBuilder().setHeader(header).build()).getId();
        long newPeer = pd.allocID(AllocIDRequest.newBuilder().setHeader(header).build()).getId();
        left = region(newId, key(""), key("m"), 1, 2, peer(newPeer, storeId));
        right = region(regionId, key("m"), key(""), 1, 2, peer(peerId, storeId));
        pd.reportBatchSplit(ReportBatchSplitRequest.newBuilder().setHeader(header)
            .addAllRegions(List.of(left, right)).build());
        StreamObserver<RegionHeartbeatRequest> hb = PDGrpc.newStub(channel)
            .regionHeartbeat(new StreamObserver<RegionHeartbeatResponse>() {
              @Override
              public void onNext(RegionHeartbeatResponse value) {}

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {}
            });
        hb.onNext(RegionHeartbeatRequest.newBuilder().setHeader(header).setRegion(left)
            .setLeader(left.getPeers(0)).build());
        hb.onCompleted();
      } finally {
        channel.shutdownNow();
      }

      TiConfiguration conf = TiConfiguration.createRawDefault("127.0.0.1:" + server.port());
      conf.setWarmUpEnable(false);
      try (TiSession session = TiSession.create(conf)) {
        PDClient client = session.getPDClient();
        assertThat(client.getClusterId()).isEqualTo(server.driver().identity().clusterId());
        TiTimestamp t1 = client.getTimestamp(ConcreteBackOffer.newTsoBackOff(20_000));
        TiTimestamp t2 = client.getTimestamp(ConcreteBackOffer.newTsoBackOff(20_000));
        assertThat(t2.getVersion()).isGreaterThan(t1.getVersion());
        assertThat(t1.getPhysical()).isCloseTo(System.currentTimeMillis(),
            org.assertj.core.data.Offset.offset(60_000L));

        Pair<Metapb.Region, Metapb.Peer> atA = client.getRegionByKey(
            ConcreteBackOffer.newGetBackOff(20_000), tikvKey("a"));
        assertThat(atA.first.getId()).isEqualTo(left.getId());
        assertThat(atA.first.getEndKey().toStringUtf8()).isEqualTo("m");
        Pair<Metapb.Region, Metapb.Peer> atZ = client.getRegionByKey(
            ConcreteBackOffer.newGetBackOff(20_000), tikvKey("z"));
        assertThat(atZ.first.getId()).isEqualTo(right.getId());
        assertThat(client.getRegionByID(ConcreteBackOffer.newGetBackOff(20_000), right.getId())
            .first.getStartKey().toStringUtf8()).isEqualTo("m");

        Metapb.Store s = client.getStore(ConcreteBackOffer.newGetBackOff(20_000), storeId);
        assertThat(s.getAddress()).isEqualTo(store(storeId).getAddress());
        assertThat(s.getVersion()).isEqualTo("6.5.0");
        assertThat(client.getAllStores(ConcreteBackOffer.newGetBackOff(20_000)))
            .extracting(Metapb.Store::getId).containsExactly(storeId);
      }
    }
  }
}
