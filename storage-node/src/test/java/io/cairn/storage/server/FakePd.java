package io.cairn.storage.server;

import io.cairn.proto.metapb.Store;
import io.cairn.proto.metapb.StoreState;
import io.cairn.proto.pdpb.GetAllStoresRequest;
import io.cairn.proto.pdpb.GetAllStoresResponse;
import io.cairn.proto.pdpb.GetMembersRequest;
import io.cairn.proto.pdpb.GetMembersResponse;
import io.cairn.proto.pdpb.GetRegionByIDRequest;
import io.cairn.proto.pdpb.GetRegionRequest;
import io.cairn.proto.pdpb.GetRegionResponse;
import io.cairn.proto.pdpb.GetStoreRequest;
import io.cairn.proto.pdpb.GetStoreResponse;
import io.cairn.proto.pdpb.Member;
import io.cairn.proto.pdpb.PDGrpc;
import io.cairn.proto.pdpb.ResponseHeader;
import io.cairn.proto.pdpb.ScanRegionsRequest;
import io.cairn.proto.pdpb.ScanRegionsResponse;
import io.cairn.proto.pdpb.Timestamp;
import io.cairn.proto.pdpb.TsoRequest;
import io.cairn.proto.pdpb.TsoResponse;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.region.RegionRegistry;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The least PD that lets tikv-client-java find one storage node: members, the store, regions
 * read from the node's own registry (in local mode the node is the truth), and a TSO. Test
 * code only; the real PD is the placement-driver module.
 */
final class FakePd implements AutoCloseable {
  static final long CLUSTER_ID = 7;

  private final Server server;
  private final Store store;

  FakePd(StorageNodeServer node) throws IOException {
    RegionRegistry regions = node.regions();
    store = Store.newBuilder().setId(node.config().storeId()).setAddress(node.clientAddress())
        .setState(StoreState.Up).setVersion("6.5.0").build();
    HealthStatusManager health = new HealthStatusManager();
    health.setStatus("", HealthCheckResponse.ServingStatus.SERVING);
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new Service(regions)).addService(health.getHealthService()).build().start();
  }

  String address() {
    return "127.0.0.1:" + server.getPort();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(10, TimeUnit.SECONDS);
  }

  private static ResponseHeader header() {
    return ResponseHeader.newBuilder().setClusterId(CLUSTER_ID).build();
  }

  private final class Service extends PDGrpc.PDImplBase {
    private final RegionRegistry regions;
    private long lastTs;

    Service(RegionRegistry regions) {
      this.regions = regions;
    }

    @Override
    public void getMembers(GetMembersRequest req, StreamObserver<GetMembersResponse> out) {
      Member me = Member.newBuilder().setName("pd").setMemberId(1)
          .addClientUrls("http://" + address()).addPeerUrls("http://" + address()).build();
      out.onNext(GetMembersResponse.newBuilder().setHeader(header()).addMembers(me).setLeader(me)
          .setEtcdLeader(me).build());
      out.onCompleted();
    }

    @Override
    public void getStore(GetStoreRequest req, StreamObserver<GetStoreResponse> out) {
      out.onNext(GetStoreResponse.newBuilder().setHeader(header()).setStore(store).build());
      out.onCompleted();
    }

    @Override
    public void getAllStores(GetAllStoresRequest req, StreamObserver<GetAllStoresResponse> out) {
      out.onNext(GetAllStoresResponse.newBuilder().setHeader(header()).addStores(store).build());
      out.onCompleted();
    }

    private GetRegionResponse region(RegionMeta m) {
      GetRegionResponse.Builder b = GetRegionResponse.newBuilder().setHeader(header());
      if (m != null) {
        b.setRegion(ProtoMapping.region(m))
            .setLeader(ProtoMapping.peer(regions.state(m.id()).leader()));
      }
      return b.build();
    }

    @Override
    public void getRegion(GetRegionRequest req, StreamObserver<GetRegionResponse> out) {
      out.onNext(region(regions.regionFor(req.getRegionKey().toByteArray())));
      out.onCompleted();
    }

    @Override
    public void getRegionByID(GetRegionByIDRequest req, StreamObserver<GetRegionResponse> out) {
      out.onNext(region(regions.get(req.getRegionId())));
      out.onCompleted();
    }

    @Override
    public void scanRegions(ScanRegionsRequest req, StreamObserver<ScanRegionsResponse> out) {
      ScanRegionsResponse.Builder b = ScanRegionsResponse.newBuilder().setHeader(header());
      byte[] start = req.getStartKey().toByteArray();
      byte[] end = req.getEndKey().toByteArray();
      for (RegionMeta m : regions.regions()) {
        boolean afterStart = m.endKey().length == 0 || Arrays.compareUnsigned(m.endKey(), start) > 0;
        boolean beforeEnd = end.length == 0 || Arrays.compareUnsigned(m.startKey(), end) < 0;
        if (afterStart && beforeEnd && (req.getLimit() == 0 || b.getRegionsCount() < req.getLimit())) {
          GetRegionResponse r = region(m);
          b.addRegions(io.cairn.proto.pdpb.Region.newBuilder().setRegion(r.getRegion())
              .setLeader(r.getLeader()));
          b.addRegionMetas(r.getRegion()).addLeaders(r.getLeader());
        }
      }
      out.onNext(b.build());
      out.onCompleted();
    }

    @Override
    public StreamObserver<TsoRequest> tso(StreamObserver<TsoResponse> out) {
      return new StreamObserver<>() {
        @Override
        public void onNext(TsoRequest req) {
          long ts;
          synchronized (Service.this) {
            lastTs = Math.max(lastTs + req.getCount(), System.currentTimeMillis() << 18);
            ts = lastTs;
          }
          out.onNext(TsoResponse.newBuilder().setHeader(header()).setCount(req.getCount())
              .setTimestamp(Timestamp.newBuilder().setPhysical(ts >>> 18)
                  .setLogical(ts & ((1 << 18) - 1))).build());
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          out.onCompleted();
        }
      };
    }
  }
}
