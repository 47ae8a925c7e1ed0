package io.cairn.tikv.pd;

import io.cairn.proto.pdpb.GetMembersRequest;
import io.cairn.proto.pdpb.GetMembersResponse;
import io.cairn.proto.pdpb.GetRegionByIDRequest;
import io.cairn.proto.pdpb.GetRegionRequest;
import io.cairn.proto.pdpb.GetRegionResponse;
import io.cairn.proto.pdpb.GetStoreRequest;
import io.cairn.proto.pdpb.GetStoreResponse;
import io.cairn.proto.pdpb.Member;
import io.cairn.proto.pdpb.PDGrpc;
import io.cairn.proto.pdpb.RequestHeader;
import io.cairn.proto.pdpb.ResponseHeader;
import io.cairn.proto.pdpb.ScanRegionsRequest;
import io.cairn.proto.pdpb.ScanRegionsResponse;
import io.cairn.proto.pdpb.Timestamp;
import io.cairn.proto.pdpb.TsoRequest;
import io.cairn.proto.pdpb.TsoResponse;
import io.cairn.tikv.testing.ModelPd;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A scripted PD server for the PD client tests; routing data comes from a {@link ModelPd}. */
final class FakePd extends PDGrpc.PDImplBase {

  final String url;
  final long clusterId;
  final ModelPd model = new ModelPd();
  volatile List<String> members;
  volatile String leader;
  volatile boolean down;
  final List<Long> headerClusterIds = new CopyOnWriteArrayList<>();
  final List<Integer> tsoCounts = new CopyOnWriteArrayList<>();
  final AtomicInteger tsoStreams = new AtomicInteger();
  final AtomicInteger getMembersCalls = new AtomicInteger();
  final AtomicInteger getStoreCalls = new AtomicInteger();
  final AtomicInteger failNextTso = new AtomicInteger();
  final AtomicInteger wrongCountNextTso = new AtomicInteger();
  volatile CountDownLatch tsoGate;
  private long physical = 1_000;
  private long logical;

  FakePd(String url, long clusterId) {
    this.url = url;
    this.clusterId = clusterId;
    this.members = List.of(url);
    this.leader = url;
  }

  private boolean refuse(StreamObserver<?> out) {
    if (down) {
      out.onError(Status.UNAVAILABLE.withDescription(url + " is down").asRuntimeException());
      return true;
    }
    return false;
  }

  private ResponseHeader header(RequestHeader h) {
    headerClusterIds.add(h.getClusterId());
    return ResponseHeader.newBuilder().setClusterId(clusterId).build();
  }

  @Override
  public void getMembers(GetMembersRequest request, StreamObserver<GetMembersResponse> out) {
    getMembersCalls.incrementAndGet();
    if (refuse(out)) {
      return;
    }
    GetMembersResponse.Builder b = GetMembersResponse.newBuilder().setHeader(ResponseHeader.newBuilder().setClusterId(clusterId));
    long id = 1;
    for (String m : members) {
      b.addMembers(Member.newBuilder().setName(m).setMemberId(id++).addClientUrls(m));
    }
    if (leader != null) {
      b.setLeader(Member.newBuilder().setName(leader).addClientUrls(leader));
    }
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void getRegion(GetRegionRequest request, StreamObserver<GetRegionResponse> out) {
    if (refuse(out)) {
      return;
    }
    GetRegionResponse.Builder b = GetRegionResponse.newBuilder().setHeader(header(request.getHeader()));
    model.getRegion(request.getRegionKey().toByteArray()).ifPresent(r -> {
      b.setRegion(r.meta());
      if (r.leader() != null) {
        b.setLeader(r.leader());
      }
    });
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void getRegionByID(GetRegionByIDRequest request, StreamObserver<GetRegionResponse> out) {
    if (refuse(out)) {
      return;
    }
    GetRegionResponse.Builder b = GetRegionResponse.newBuilder().setHeader(header(request.getHeader()));
    model.getRegionById(request.getRegionId()).ifPresent(r -> b.setRegion(r.meta()));
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void scanRegions(ScanRegionsRequest request, StreamObserver<ScanRegionsResponse> out) {
    if (refuse(out)) {
      return;
    }
    ScanRegionsResponse.Builder b = ScanRegionsResponse.newBuilder().setHeader(header(request.getHeader()));
    for (PdRegion r : model.scanRegions(request.getStartKey().toByteArray(), request.getEndKey().toByteArray(), request.getLimit())) {
      io.cairn.proto.pdpb.Region.Builder rb = io.cairn.proto.pdpb.Region.newBuilder().setRegion(r.meta());
      if (r.leader() != null) {
        rb.setLeader(r.leader());
      }
      b.addRegions(rb);
    }
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void getStore(GetStoreRequest request, StreamObserver<GetStoreResponse> out) {
    getStoreCalls.incrementAndGet();
    if (refuse(out)) {
      return;
    }
    GetStoreResponse.Builder b = GetStoreResponse.newBuilder().setHeader(header(request.getHeader()));
    model.getAllStores().stream().filter(s -> s.getId() == request.getStoreId()).findFirst().ifPresent(b::setStore);
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public StreamObserver<TsoRequest> tso(StreamObserver<TsoResponse> out) {
    tsoStreams.incrementAndGet();
    return new StreamObserver<>() {
      @Override
      public void onNext(TsoRequest request) {
        headerClusterIds.add(request.getHeader().getClusterId());
        tsoCounts.add(request.getCount());
        CountDownLatch gate = tsoGate;
        if (gate != null) {
          try {
            gate.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        if (down || (failNextTso.get() > 0 && failNextTso.getAndDecrement() > 0)) {
          out.onError(Status.UNAVAILABLE.withDescription("TSO stream dropped").asRuntimeException());
          return;
        }
        int count = request.getCount();
        if (wrongCountNextTso.get() > 0 && wrongCountNextTso.getAndDecrement() > 0) {
          count = count + 1;
        }
        long last;
        long phys;
        synchronized (FakePd.this) {
          logical += count;
          last = logical;
          phys = physical;
          if (logical > 100_000) {
            physical++;
            logical = 0;
          }
        }
        out.onNext(
            TsoResponse.newBuilder()
                .setHeader(ResponseHeader.newBuilder().setClusterId(clusterId))
                .setCount(count)
                .setTimestamp(Timestamp.newBuilder().setPhysical(phys).setLogical(last))
                .build());
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
