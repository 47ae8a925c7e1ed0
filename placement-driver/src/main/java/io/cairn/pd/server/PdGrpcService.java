package io.cairn.pd.server;

import com.google.protobuf.ByteString;
import io.cairn.pd.PdException;
import io.cairn.pd.PlacementDriver;
import io.cairn.pd.cluster.ClusterState;
import io.cairn.pd.cluster.RegionInfo;
import io.cairn.pd.schedule.ClusterView;
import io.cairn.pd.schedule.Operator;
import io.cairn.pd.tso.TimestampOracle;
import io.cairn.proto.eraftpb.ConfChangeType;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.Store;
import io.cairn.proto.pdpb.AllocIDRequest;
import io.cairn.proto.pdpb.AllocIDResponse;
import io.cairn.proto.pdpb.AskBatchSplitRequest;
import io.cairn.proto.pdpb.AskBatchSplitResponse;
import io.cairn.proto.pdpb.AskSplitRequest;
import io.cairn.proto.pdpb.AskSplitResponse;
import io.cairn.proto.pdpb.BootstrapRequest;
import io.cairn.proto.pdpb.BootstrapResponse;
import io.cairn.proto.pdpb.ChangePeer;
import io.cairn.proto.pdpb.ErrorType;
import io.cairn.proto.pdpb.GetAllStoresRequest;
import io.cairn.proto.pdpb.GetAllStoresResponse;
import io.cairn.proto.pdpb.GetGCSafePointRequest;
import io.cairn.proto.pdpb.GetGCSafePointResponse;
import io.cairn.proto.pdpb.GetMembersRequest;
import io.cairn.proto.pdpb.GetMembersResponse;
import io.cairn.proto.pdpb.GetOperatorRequest;
import io.cairn.proto.pdpb.GetOperatorResponse;
import io.cairn.proto.pdpb.GetRegionByIDRequest;
import io.cairn.proto.pdpb.GetRegionRequest;
import io.cairn.proto.pdpb.GetRegionResponse;
import io.cairn.proto.pdpb.GetStoreRequest;
import io.cairn.proto.pdpb.GetStoreResponse;
import io.cairn.proto.pdpb.IsBootstrappedRequest;
import io.cairn.proto.pdpb.IsBootstrappedResponse;
import io.cairn.proto.pdpb.Member;
import io.cairn.proto.pdpb.OperatorStatus;
import io.cairn.proto.pdpb.PDGrpc;
import io.cairn.proto.pdpb.PutStoreRequest;
import io.cairn.proto.pdpb.PutStoreResponse;
import io.cairn.proto.pdpb.RegionHeartbeatRequest;
import io.cairn.proto.pdpb.RegionHeartbeatResponse;
import io.cairn.proto.pdpb.ReportBatchSplitRequest;
import io.cairn.proto.pdpb.ReportBatchSplitResponse;
import io.cairn.proto.pdpb.ReportSplitRequest;
import io.cairn.proto.pdpb.ReportSplitResponse;
import io.cairn.proto.pdpb.RequestHeader;
import io.cairn.proto.pdpb.ResponseHeader;
import io.cairn.proto.pdpb.ScanRegionsRequest;
import io.cairn.proto.pdpb.ScanRegionsResponse;
import io.cairn.proto.pdpb.ScatterRegionRequest;
import io.cairn.proto.pdpb.ScatterRegionResponse;
import io.cairn.proto.pdpb.SplitID;
import io.cairn.proto.pdpb.StoreHeartbeatRequest;
import io.cairn.proto.pdpb.StoreHeartbeatResponse;
import io.cairn.proto.pdpb.Timestamp;
import io.cairn.proto.pdpb.TransferLeader;
import io.cairn.proto.pdpb.TsoRequest;
import io.cairn.proto.pdpb.TsoResponse;
import io.cairn.proto.pdpb.UpdateGCSafePointRequest;
import io.cairn.proto.pdpb.UpdateGCSafePointResponse;
import io.cairn.proto.pdpb.UpdateServiceGCSafePointRequest;
import io.cairn.proto.pdpb.UpdateServiceGCSafePointResponse;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code pdpb.PD} gRPC service over a {@link PlacementDriver}.
 *
 * <p>Every response carries the cluster id in its header. A request whose header names another
 * cluster, or that PD refuses ({@link PdException}), gets a response whose header carries the
 * error, not a gRPC status; only a call whose deadline passed or that was cancelled before PD
 * started on it ends with a status. GetMembers accepts cluster id 0: it is how clients learn it.
 *
 * <p>{@code ScatterRegion} is refused with an error header (PD does not scatter); clients such
 * as tikv-client-java log that and go on. {@code GetOperator} reports the operator in flight
 * for a region, or REGION_NOT_FOUND when there is none, which is how PD says "nothing running".
 */
public final class PdGrpcService extends PDGrpc.PDImplBase {

  private static final Logger LOG = LoggerFactory.getLogger(PdGrpcService.class);

  private final PlacementDriver pd;
  private final ClusterState cluster;
  private final long clusterId;
  private final Supplier<String> clientUrl;
  private final ResponseHeader okHeader;

  /** @param clientUrl the advertised client URL, asked on each GetMembers (the port binds late) */
  public PdGrpcService(PlacementDriver pd, Supplier<String> clientUrl) {
    this.pd = pd;
    this.cluster = pd.cluster();
    this.clusterId = pd.identity().clusterId();
    this.clientUrl = clientUrl;
    this.okHeader = ResponseHeader.newBuilder().setClusterId(clusterId).build();
  }

  private ResponseHeader errorHeader(ErrorType type, String message) {
    return ResponseHeader.newBuilder().setClusterId(clusterId)
        .setError(io.cairn.proto.pdpb.Error.newBuilder().setType(type).setMessage(message)).build();
  }

  private void checkHeader(RequestHeader h) {
    if (h.getClusterId() != clusterId) {
      throw new PdException(ErrorType.UNKNOWN, "mismatch cluster id: request has "
          + h.getClusterId() + ", this cluster is " + clusterId);
    }
  }

  private void requireBootstrapped() {
    if (!cluster.isBootstrapped()) {
      throw new PdException(ErrorType.NOT_BOOTSTRAPPED, "cluster is not bootstrapped");
    }
  }

  /**
   * Runs one unary call: deadline check, header check, body; a {@link PdException} becomes an
   * error header built by {@code onError}.
   */
  private <T> void unary(StreamObserver<T> out, RequestHeader header, boolean checkClusterId,
      Function<ResponseHeader, T> onError, Supplier<T> body) {
    Context ctx = Context.current();
    if (ctx.isCancelled()) {
      out.onError(Contexts.statusFromCancelled(ctx).asRuntimeException());
      return;
    }
    T response;
    try {
      if (checkClusterId) {
        checkHeader(header);
      }
      response = body.get();
    } catch (PdException e) {
      response = onError.apply(errorHeader(e.type(), e.getMessage()));
    } catch (RuntimeException e) {
      LOG.error("PD request failed", e);
      out.onError(Status.INTERNAL.withDescription(e.toString()).withCause(e).asRuntimeException());
      return;
    }
    out.onNext(response);
    out.onCompleted();
  }

  private Member member() {
    String url = clientUrl.get();
    return Member.newBuilder().setName(pd.config().name()).setMemberId(pd.identity().memberId())
        .addClientUrls(url).addPeerUrls(url).build();
  }

  @Override
  public void getMembers(GetMembersRequest req, StreamObserver<GetMembersResponse> out) {
    unary(out, req.getHeader(), false,
        h -> GetMembersResponse.newBuilder().setHeader(h).build(),
        () -> {
          Member m = member();
          return GetMembersResponse.newBuilder().setHeader(okHeader).addMembers(m).setLeader(m)
              .setEtcdLeader(m).build();
        });
  }

  @Override
  public StreamObserver<TsoRequest> tso(StreamObserver<TsoResponse> responses) {
    ServerCallStreamObserver<TsoResponse> out = (ServerCallStreamObserver<TsoResponse>) responses;
    out.setOnCancelHandler(() -> {});
    return new StreamObserver<>() {
      @Override
      public void onNext(TsoRequest req) {
        if (out.isCancelled()) {
          return;
        }
        TsoResponse resp;
        try {
          checkHeader(req.getHeader());
          // uint32 on the wire: counts above 2^31 arrive negative
          if (req.getCount() < 1 || req.getCount() > TimestampOracle.MAX_LOGICAL + 1) {
            throw new PdException(ErrorType.UNKNOWN,
                "tso count must be in [1, 2^18]: " + Integer.toUnsignedString(req.getCount()));
          }
          TimestampOracle.Batch b = pd.tso().allocate(req.getCount());
          resp = TsoResponse.newBuilder().setHeader(okHeader).setCount(req.getCount())
              .setTimestamp(Timestamp.newBuilder().setPhysical(b.physical())
                  .setLogical(b.lastLogical()))
              .build();
        } catch (PdException e) {
          resp = TsoResponse.newBuilder().setHeader(errorHeader(e.type(), e.getMessage())).build();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          out.onError(Status.CANCELLED.withDescription("interrupted").asRuntimeException());
          return;
        }
        out.onNext(resp);
      }

      @Override
      public void onError(Throwable t) {
        // the client went away; nothing to release
      }

      @Override
      public void onCompleted() {
        if (!out.isCancelled()) {
          out.onCompleted();
        }
      }
    };
  }

  @Override
  public void bootstrap(BootstrapRequest req, StreamObserver<BootstrapResponse> out) {
    unary(out, req.getHeader(), true, h -> BootstrapResponse.newBuilder().setHeader(h).build(),
        () -> {
          cluster.bootstrap(req.getStore(), req.getRegion());
          return BootstrapResponse.newBuilder().setHeader(okHeader).build();
        });
  }

  @Override
  public void isBootstrapped(IsBootstrappedRequest req,
      StreamObserver<IsBootstrappedResponse> out) {
    unary(out, req.getHeader(), true,
        h -> IsBootstrappedResponse.newBuilder().setHeader(h).build(),
        () -> IsBootstrappedResponse.newBuilder().setHeader(okHeader)
            .setBootstrapped(cluster.isBootstrapped()).build());
  }

  @Override
  public void allocID(AllocIDRequest req, StreamObserver<AllocIDResponse> out) {
    unary(out, req.getHeader(), true, h -> AllocIDResponse.newBuilder().setHeader(h).build(),
        () -> AllocIDResponse.newBuilder().setHeader(okHeader).setId(pd.ids().allocate())
            .build());
  }

  @Override
  public void getStore(GetStoreRequest req, StreamObserver<GetStoreResponse> out) {
    unary(out, req.getHeader(), true, h -> GetStoreResponse.newBuilder().setHeader(h).build(),
        () -> {
          requireBootstrapped();
          var info = cluster.store(req.getStoreId());
          if (info == null) {
            throw new PdException(ErrorType.UNKNOWN,
                "invalid store id " + req.getStoreId() + ", not found");
          }
          GetStoreResponse.Builder b = GetStoreResponse.newBuilder().setHeader(okHeader)
              .setStore(cluster.storeMeta(req.getStoreId()));
          if (info.stats() != null) {
            b.setStats(info.stats());
          }
          return b.build();
        });
  }

  @Override
  public void putStore(PutStoreRequest req, StreamObserver<PutStoreResponse> out) {
    unary(out, req.getHeader(), true, h -> PutStoreResponse.newBuilder().setHeader(h).build(),
        () -> {
          cluster.putStore(req.getStore());
          return PutStoreResponse.newBuilder().setHeader(okHeader).build();
        });
  }

  @Override
  public void getAllStores(GetAllStoresRequest req, StreamObserver<GetAllStoresResponse> out) {
    unary(out, req.getHeader(), true,
        h -> GetAllStoresResponse.newBuilder().setHeader(h).build(),
        () -> {
          requireBootstrapped();
          List<Store> stores = cluster.allStores(req.getExcludeTombstoneStores());
          return GetAllStoresResponse.newBuilder().setHeader(okHeader).addAllStores(stores)
              .build();
        });
  }

  @Override
  public void storeHeartbeat(StoreHeartbeatRequest req,
      StreamObserver<StoreHeartbeatResponse> out) {
    unary(out, req.getHeader(), true,
        h -> StoreHeartbeatResponse.newBuilder().setHeader(h).build(),
        () -> {
          cluster.storeHeartbeat(req.getStats());
          return StoreHeartbeatResponse.newBuilder().setHeader(okHeader).build();
        });
  }

  @Override
  public StreamObserver<RegionHeartbeatRequest> regionHeartbeat(
      StreamObserver<RegionHeartbeatResponse> responses) {
    ServerCallStreamObserver<RegionHeartbeatResponse> out =
        (ServerCallStreamObserver<RegionHeartbeatResponse>) responses;
    out.setOnCancelHandler(() -> {});
    return new StreamObserver<>() {
      @Override
      public void onNext(RegionHeartbeatRequest req) {
        if (out.isCancelled()) {
          return;
        }
        Optional<RegionHeartbeatResponse> resp;
        try {
          resp = handleRegionHeartbeat(req);
        } catch (PdException e) {
          resp = Optional.of(RegionHeartbeatResponse.newBuilder()
              .setHeader(errorHeader(e.type(), e.getMessage()))
              .setRegionId(req.getRegion().getId()).build());
        } catch (RuntimeException e) {
          LOG.error("region heartbeat failed", e);
          out.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
          return;
        }
        resp.ifPresent(out::onNext);
      }

      @Override
      public void onError(Throwable t) {
        // the store's stream broke; it opens a new one
      }

      @Override
      public void onCompleted() {
        if (!out.isCancelled()) {
          out.onCompleted();
        }
      }
    };
  }

  private Optional<RegionHeartbeatResponse> handleRegionHeartbeat(RegionHeartbeatRequest req) {
    checkHeader(req.getHeader());
    if (!req.hasLeader()) {
      throw new PdException(ErrorType.UNKNOWN,
          "region heartbeat without a leader for region " + req.getRegion().getId());
    }
    RegionInfo info = new RegionInfo(req.getRegion(), req.getLeader(), req.getDownPeersList(),
        req.getPendingPeersList(), req.getApproximateSize(), req.getApproximateKeys(),
        req.getTerm());
    if (cluster.regionHeartbeat(info) == ClusterState.Update.STALE) {
      return Optional.empty();
    }
    return pd.operators().onHeartbeat(info, ClusterView.of(cluster.storeLoads()),
        pd.clock().millis())
        .map(op -> command(info, op));
  }

  private RegionHeartbeatResponse command(RegionInfo region, Operator op) {
    RegionHeartbeatResponse.Builder b = RegionHeartbeatResponse.newBuilder().setHeader(okHeader)
        .setRegionId(region.id()).setRegionEpoch(region.meta().getRegionEpoch())
        .setTargetPeer(region.leader());
    switch (op.kind()) {
      case ADD_PEER -> b.setChangePeer(ChangePeer.newBuilder().setPeer(op.peer())
          .setChangeType(ConfChangeType.AddNode));
      case REMOVE_PEER -> b.setChangePeer(ChangePeer.newBuilder().setPeer(op.peer())
          .setChangeType(ConfChangeType.RemoveNode));
      case TRANSFER_LEADER -> b.setTransferLeader(TransferLeader.newBuilder().setPeer(op.peer()));
    }
    return b.build();
  }

  @Override
  public void getRegion(GetRegionRequest req, StreamObserver<GetRegionResponse> out) {
    unary(out, req.getHeader(), true, h -> GetRegionResponse.newBuilder().setHeader(h).build(),
        () -> {
          requireBootstrapped();
          return regionResponse(cluster.regionByKey(req.getRegionKey()));
        });
  }

  @Override
  public void getRegionByID(GetRegionByIDRequest req, StreamObserver<GetRegionResponse> out) {
    unary(out, req.getHeader(), true, h -> GetRegionResponse.newBuilder().setHeader(h).build(),
        () -> {
          requireBootstrapped();
          return regionResponse(cluster.regionById(req.getRegionId()));
        });
  }

  private GetRegionResponse regionResponse(RegionInfo r) {
    GetRegionResponse.Builder b = GetRegionResponse.newBuilder().setHeader(okHeader);
    if (r != null) {
      b.setRegion(r.meta()).addAllDownPeers(r.downPeers()).addAllPendingPeers(r.pendingPeers());
      if (r.leader() != null) {
        b.setLeader(r.leader());
      }
    }
    return b.build();
  }

  @Override
  public void scanRegions(ScanRegionsRequest req, StreamObserver<ScanRegionsResponse> out) {
    unary(out, req.getHeader(), true, h -> ScanRegionsResponse.newBuilder().setHeader(h).build(),
        () -> {
          requireBootstrapped();
          ScanRegionsResponse.Builder b = ScanRegionsResponse.newBuilder().setHeader(okHeader);
          for (RegionInfo r : cluster.scanRegions(req.getStartKey(), req.getEndKey(),
              req.getLimit())) {
            Peer leader = r.leader() == null ? Peer.getDefaultInstance() : r.leader();
            b.addRegionMetas(r.meta()).addLeaders(leader);
            io.cairn.proto.pdpb.Region.Builder rb = io.cairn.proto.pdpb.Region.newBuilder()
                .setRegion(r.meta()).addAllDownPeers(r.downPeers())
                .addAllPendingPeers(r.pendingPeers());
            if (r.leader() != null) {
              rb.setLeader(r.leader());
            }
            b.addRegions(rb);
          }
          return b.build();
        });
  }

  private SplitID newSplitIds(Region region) {
    SplitID.Builder b = SplitID.newBuilder().setNewRegionId(pd.ids().allocate());
    for (int i = 0; i < region.getPeersCount(); i++) {
      b.addNewPeerIds(pd.ids().allocate());
    }
    return b.build();
  }

  private void requireKnownRegion(Region region) {
    requireBootstrapped();
    if (region.getPeersCount() == 0) {
      throw new PdException(ErrorType.UNKNOWN, "split of region " + region.getId()
          + " without peers");
    }
    if (cluster.regionById(region.getId()) == null) {
      throw new PdException(ErrorType.REGION_NOT_FOUND, "region " + region.getId()
          + " not found");
    }
  }

  @Override
  public void askSplit(AskSplitRequest req, StreamObserver<AskSplitResponse> out) {
    unary(out, req.getHeader(), true, h -> AskSplitResponse.newBuilder().setHeader(h).build(),
        () -> {
          requireKnownRegion(req.getRegion());
          SplitID ids = newSplitIds(req.getRegion());
          return AskSplitResponse.newBuilder().setHeader(okHeader)
              .setNewRegionId(ids.getNewRegionId()).addAllNewPeerIds(ids.getNewPeerIdsList())
              .build();
        });
  }

  @Override
  public void askBatchSplit(AskBatchSplitRequest req,
      StreamObserver<AskBatchSplitResponse> out) {
    unary(out, req.getHeader(), true,
        h -> AskBatchSplitResponse.newBuilder().setHeader(h).build(),
        () -> {
          requireKnownRegion(req.getRegion());
          if (req.getSplitCount() < 1 || req.getSplitCount() > 4096) {
            throw new PdException(ErrorType.UNKNOWN, "split count must be in [1, 4096]: "
                + Integer.toUnsignedString(req.getSplitCount()));
          }
          AskBatchSplitResponse.Builder b = AskBatchSplitResponse.newBuilder()
              .setHeader(okHeader);
          for (int i = 0; i < req.getSplitCount(); i++) {
            b.addIds(newSplitIds(req.getRegion()));
          }
          return b.build();
        });
  }

  @Override
  public void reportSplit(ReportSplitRequest req, StreamObserver<ReportSplitResponse> out) {
    unary(out, req.getHeader(), true, h -> ReportSplitResponse.newBuilder().setHeader(h).build(),
        () -> {
          cluster.reportSplit(List.of(req.getLeft(), req.getRight()));
          return ReportSplitResponse.newBuilder().setHeader(okHeader).build();
        });
  }

  @Override
  public void reportBatchSplit(ReportBatchSplitRequest req,
      StreamObserver<ReportBatchSplitResponse> out) {
    unary(out, req.getHeader(), true,
        h -> ReportBatchSplitResponse.newBuilder().setHeader(h).build(),
        () -> {
          cluster.reportSplit(req.getRegionsList());
          return ReportBatchSplitResponse.newBuilder().setHeader(okHeader).build();
        });
  }

  @Override
  public void scatterRegion(ScatterRegionRequest req, StreamObserver<ScatterRegionResponse> out) {
    unary(out, req.getHeader(), true,
        h -> ScatterRegionResponse.newBuilder().setHeader(h).build(),
        () -> {
          throw new PdException(ErrorType.UNKNOWN, "scatter-region is not supported by this PD");
        });
  }

  @Override
  public void getOperator(GetOperatorRequest req, StreamObserver<GetOperatorResponse> out) {
    unary(out, req.getHeader(), true,
        h -> GetOperatorResponse.newBuilder().setHeader(h).build(),
        () -> {
          Operator op = pd.operators().inFlight(req.getRegionId()).orElseThrow(() ->
              new PdException(ErrorType.REGION_NOT_FOUND,
                  "no operator in flight for region " + req.getRegionId()));
          String kind = op.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
          return GetOperatorResponse.newBuilder().setHeader(okHeader)
              .setRegionId(op.regionId()).setStatus(OperatorStatus.RUNNING)
              .setDesc(ByteString.copyFromUtf8(kind))
              .setKind(ByteString.copyFromUtf8(
                  op.kind() == Operator.Kind.TRANSFER_LEADER ? "leader" : "replica"))
              .build();
        });
  }

  @Override
  public void getGCSafePoint(GetGCSafePointRequest req,
      StreamObserver<GetGCSafePointResponse> out) {
    unary(out, req.getHeader(), true,
        h -> GetGCSafePointResponse.newBuilder().setHeader(h).build(),
        () -> GetGCSafePointResponse.newBuilder().setHeader(okHeader)
            .setSafePoint(pd.gc().safePoint()).build());
  }

  @Override
  public void updateGCSafePoint(UpdateGCSafePointRequest req,
      StreamObserver<UpdateGCSafePointResponse> out) {
    unary(out, req.getHeader(), true,
        h -> UpdateGCSafePointResponse.newBuilder().setHeader(h).build(),
        () -> UpdateGCSafePointResponse.newBuilder().setHeader(okHeader)
            .setNewSafePoint(pd.gc().update(req.getSafePoint())).build());
  }

  @Override
  public void updateServiceGCSafePoint(UpdateServiceGCSafePointRequest req,
      StreamObserver<UpdateServiceGCSafePointResponse> out) {
    unary(out, req.getHeader(), true,
        h -> UpdateServiceGCSafePointResponse.newBuilder().setHeader(h).build(),
        () -> {
          if (req.getServiceId().isEmpty()) {
            throw new PdException(ErrorType.UNKNOWN, "service id must not be empty");
          }
          long min = pd.gc().updateService(req.getServiceId().toString(StandardCharsets.UTF_8),
              req.getTTL(), req.getSafePoint(), pd.clock().millis());
          return UpdateServiceGCSafePointResponse.newBuilder().setHeader(okHeader)
              .setServiceId(req.getServiceId()).setTTL(req.getTTL()).setMinSafePoint(min)
              .build();
        });
  }
}
