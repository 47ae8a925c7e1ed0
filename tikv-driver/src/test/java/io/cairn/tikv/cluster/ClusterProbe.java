package io.cairn.tikv.cluster;

import com.google.protobuf.ByteString;
import io.cairn.proto.metapb.Store;
import io.cairn.proto.metapb.StoreState;
import io.cairn.proto.pdpb.GetAllStoresRequest;
import io.cairn.proto.pdpb.GetMembersRequest;
import io.cairn.proto.pdpb.GetRegionRequest;
import io.cairn.proto.pdpb.GetRegionResponse;
import io.cairn.proto.pdpb.PDGrpc;
import io.cairn.proto.pdpb.RequestHeader;
import io.cairn.proto.pdpb.ResponseHeader;
import io.cairn.proto.pdpb.ScanRegionsRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What PD and the nodes of a {@link ProcessCluster} say about themselves, asked over the wire
 * with Cairn's own protocol stubs: the stores, the regions with their leaders and pending
 * peers, and each node's gRPC health. One short-lived channel per call, so a probe survives
 * the PD process being killed and restarted. Every call has a 5 s deadline and throws
 * {@link StatusRuntimeException} when the process does not answer. Thread-safe.
 */
final class ClusterProbe {

  private static final long DEADLINE_SECONDS = 5;

  private final String pdAddress;

  ClusterProbe(String pdAddress) {
    this.pdAddress = pdAddress;
  }

  /** Stores PD knows, tombstones excluded. */
  List<Store> stores() {
    return withPd((pd, header) -> pd.getAllStores(GetAllStoresRequest.newBuilder()
        .setHeader(header).setExcludeTombstoneStores(true).build()).getStoresList());
  }

  /** Stores PD knows in state Up. */
  List<Store> upStores() {
    return stores().stream().filter(s -> s.getState() == StoreState.Up).toList();
  }

  /** The region holding {@code regionKey} (PD's key space: memcomparable in txn mode). */
  GetRegionResponse region(ByteString regionKey) {
    return withPd((pd, header) -> {
      GetRegionResponse r = pd.getRegion(GetRegionRequest.newBuilder().setHeader(header)
          .setRegionKey(regionKey).build());
      checkHeader(r.getHeader());
      return r;
    });
  }

  /** Every region PD knows, in key order, with leader, down and pending peers. */
  List<io.cairn.proto.pdpb.Region> regions() {
    return withPd((pd, header) -> pd.scanRegions(ScanRegionsRequest.newBuilder()
        .setHeader(header).build()).getRegionsList());
  }

  /** Whether the gRPC server at {@code address} answers its health check with SERVING. */
  static boolean serving(String address) {
    ManagedChannel ch = channel(address);
    try {
      return HealthGrpc.newBlockingStub(ch).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance()).getStatus()
          == HealthCheckResponse.ServingStatus.SERVING;
    } catch (StatusRuntimeException e) {
      return false;
    } finally {
      ch.shutdownNow();
    }
  }

  private interface PdCall<T> {
    T call(PDGrpc.PDBlockingStub pd, RequestHeader header);
  }

  private <T> T withPd(PdCall<T> call) {
    ManagedChannel ch = channel(pdAddress);
    try {
      PDGrpc.PDBlockingStub pd = PDGrpc.newBlockingStub(ch)
          .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
      long clusterId = pd.getMembers(GetMembersRequest.getDefaultInstance()).getHeader()
          .getClusterId();
      return call.call(pd, RequestHeader.newBuilder().setClusterId(clusterId).build());
    } finally {
      ch.shutdownNow();
    }
  }

  private static void checkHeader(ResponseHeader h) {
    if (h.hasError()) {
      throw new IllegalStateException("PD error: " + h.getError());
    }
  }

  private static ManagedChannel channel(String address) {
    String[] hp = ProcessFlags.hostPort("address", address);
    return NettyChannelBuilder.forAddress(hp[0], Integer.parseInt(hp[1])).usePlaintext().build();
  }
}
