package io.cairn.tikv.testing;

import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.Store;
import io.cairn.proto.pdpb.GetAllStoresRequest;
import io.cairn.proto.pdpb.GetAllStoresResponse;
import io.cairn.proto.pdpb.GetGCSafePointRequest;
import io.cairn.proto.pdpb.GetGCSafePointResponse;
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
import io.grpc.stub.StreamObserver;
import java.util.List;

/**
 * Test-only PD: one member, a TSO on the wall clock (strictly increasing), a settable GC safe
 * point, and routing from a {@link RegionTable}. The first peer of a region is its leader.
 */
public final class FakeTxnPd extends PDGrpc.PDImplBase {

  private final String url;
  private final long clusterId;
  private final RegionTable regions;
  private final List<Store> stores;
  private long physical;
  private long logical;
  private volatile long gcSafePoint;

  public FakeTxnPd(String url, long clusterId, RegionTable regions, List<Store> stores) {
    this.url = url;
    this.clusterId = clusterId;
    this.regions = regions;
    this.stores = List.copyOf(stores);
  }

  /** Moves the GC safe point, as a GC worker would through UpdateGCSafePoint. */
  public void setGcSafePoint(long safePoint) {
    gcSafePoint = safePoint;
  }

  @Override
  public void getGCSafePoint(GetGCSafePointRequest request, StreamObserver<GetGCSafePointResponse> out) {
    out.onNext(GetGCSafePointResponse.newBuilder().setHeader(header()).setSafePoint(gcSafePoint).build());
    out.onCompleted();
  }

  private ResponseHeader header() {
    return ResponseHeader.newBuilder().setClusterId(clusterId).build();
  }

  @Override
  public void getMembers(GetMembersRequest request, StreamObserver<GetMembersResponse> out) {
    Member me = Member.newBuilder().setName(url).setMemberId(1).addClientUrls(url).build();
    out.onNext(GetMembersResponse.newBuilder().setHeader(header()).addMembers(me).setLeader(me).build());
    out.onCompleted();
  }

  @Override
  public StreamObserver<TsoRequest> tso(StreamObserver<TsoResponse> out) {
    return new StreamObserver<>() {
      @Override
      public void onNext(TsoRequest request) {
        long phys;
        long last;
        synchronized (FakeTxnPd.this) {
          long now = System.currentTimeMillis();
          if (now > physical) {
            physical = now;
            logical = 0;
          }
          if (logical + request.getCount() >= (1 << 18)) {
            physical++;
            logical = 0;
          }
          logical += request.getCount();
          phys = physical;
          last = logical;
        }
        out.onNext(TsoResponse.newBuilder().setHeader(header()).setCount(request.getCount())
            .setTimestamp(Timestamp.newBuilder().setPhysical(phys).setLogical(last)).build());
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        out.onCompleted();
      }
    };
  }

  private GetRegionResponse regionResponse(Region r) {
    GetRegionResponse.Builder b = GetRegionResponse.newBuilder().setHeader(header());
    if (r != null) {
      b.setRegion(r).setLeader(r.getPeers(0));
    }
    return b.build();
  }

  @Override
  public void getRegion(GetRegionRequest request, StreamObserver<GetRegionResponse> out) {
    out.onNext(regionResponse(regions.byKey(request.getRegionKey().toByteArray())));
    out.onCompleted();
  }

  @Override
  public void getRegionByID(GetRegionByIDRequest request, StreamObserver<GetRegionResponse> out) {
    out.onNext(regionResponse(regions.byId(request.getRegionId())));
    out.onCompleted();
  }

  @Override
  public void scanRegions(ScanRegionsRequest request, StreamObserver<ScanRegionsResponse> out) {
    ScanRegionsResponse.Builder b = ScanRegionsResponse.newBuilder().setHeader(header());
    for (Region r : regions.overlapping(request.getStartKey().toByteArray(), request.getEndKey().toByteArray(), request.getLimit())) {
      b.addRegions(io.cairn.proto.pdpb.Region.newBuilder().setRegion(r).setLeader(r.getPeers(0)));
    }
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void getStore(GetStoreRequest request, StreamObserver<GetStoreResponse> out) {
    GetStoreResponse.Builder b = GetStoreResponse.newBuilder().setHeader(header());
    stores.stream().filter(s -> s.getId() == request.getStoreId()).findFirst().ifPresent(b::setStore);
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void getAllStores(GetAllStoresRequest request, StreamObserver<GetAllStoresResponse> out) {
    out.onNext(GetAllStoresResponse.newBuilder().setHeader(header()).addAllStores(stores).build());
    out.onCompleted();
  }
}
