package io.cairn.tikv.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.cairn.proto.errorpb.EpochNotMatch;
import io.cairn.proto.errorpb.Error;
import io.cairn.proto.errorpb.KeyNotInRegion;
import io.cairn.proto.errorpb.RegionNotFound;
import io.cairn.proto.kvrpcpb.BatchGetRequest;
import io.cairn.proto.kvrpcpb.BatchGetResponse;
import io.cairn.proto.kvrpcpb.BatchRollbackRequest;
import io.cairn.proto.kvrpcpb.BatchRollbackResponse;
import io.cairn.proto.kvrpcpb.CheckTxnStatusRequest;
import io.cairn.proto.kvrpcpb.CheckTxnStatusResponse;
import io.cairn.proto.kvrpcpb.CommitRequest;
import io.cairn.proto.kvrpcpb.CommitResponse;
import io.cairn.proto.kvrpcpb.Context;
import io.cairn.proto.kvrpcpb.GetRequest;
import io.cairn.proto.kvrpcpb.GetResponse;
import io.cairn.proto.kvrpcpb.PessimisticLockRequest;
import io.cairn.proto.kvrpcpb.PessimisticLockResponse;
import io.cairn.proto.kvrpcpb.PessimisticRollbackRequest;
import io.cairn.proto.kvrpcpb.PessimisticRollbackResponse;
import io.cairn.proto.kvrpcpb.PrewriteRequest;
import io.cairn.proto.kvrpcpb.PrewriteResponse;
import io.cairn.proto.kvrpcpb.ResolveLockRequest;
import io.cairn.proto.kvrpcpb.ResolveLockResponse;
import io.cairn.proto.kvrpcpb.ScanRequest;
import io.cairn.proto.kvrpcpb.ScanResponse;
import io.cairn.proto.kvrpcpb.TxnHeartBeatRequest;
import io.cairn.proto.kvrpcpb.TxnHeartBeatResponse;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.tikvpb.TikvGrpc;
import io.cairn.tikv.rpc.RpcKind;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only storage node: the transactional KV methods of {@code tikvpb.Tikv} over the real
 * storage core (through {@link TxnStoreAdapter}), for the regions of a {@link RegionTable}
 * whose leader peer is on this store. Every request's Context is checked as a real node does:
 * unknown region or not ours → RegionNotFound, stale epoch → EpochNotMatch with the current
 * regions, key outside the region → KeyNotInRegion.
 */
public final class FakeTxnNode extends TikvGrpc.TikvImplBase {

  private final long storeId;
  private final RegionTable regions;
  private final TxnStoreAdapter store;
  /** Requests served, by RPC name. */
  public final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
  /** When set, each KvBatchGet waits here until the latch opens (to prove parallel fan-out). */
  public volatile CountDownLatch batchGetGate;

  public FakeTxnNode(long storeId, RegionTable regions, TxnStoreAdapter store) {
    this.storeId = storeId;
    this.regions = regions;
    this.store = store;
  }

  public int served(RpcKind<?, ?> kind) {
    AtomicInteger n = served.get(kind.name());
    return n == null ? 0 : n.get();
  }

  private Error check(Context ctx, List<ByteString> keys) {
    Region r = regions.byId(ctx.getRegionId());
    if (r == null || r.getPeers(0).getStoreId() != storeId) {
      return Error.newBuilder().setMessage("region not found")
          .setRegionNotFound(RegionNotFound.newBuilder().setRegionId(ctx.getRegionId())).build();
    }
    if (!r.getRegionEpoch().equals(ctx.getRegionEpoch())) {
      return Error.newBuilder().setMessage("epoch not match")
          .setEpochNotMatch(EpochNotMatch.newBuilder().addAllCurrentRegions(regions.all())).build();
    }
    for (ByteString k : keys) {
      if (!RegionTable.containsUserKey(r, k.toByteArray())) {
        return Error.newBuilder().setMessage("key not in region").setKeyNotInRegion(KeyNotInRegion.newBuilder()
            .setKey(k).setRegionId(r.getId()).setStartKey(r.getStartKey()).setEndKey(r.getEndKey())).build();
      }
    }
    return null;
  }

  private interface Body<Resp> {
    Resp serve() throws Exception;
  }

  private <Req extends Message, Resp extends Message> void handle(
      RpcKind<Req, Resp> kind, Req req, List<ByteString> keys, StreamObserver<Resp> out, Body<Resp> body) {
    served.computeIfAbsent(kind.name(), n -> new AtomicInteger()).incrementAndGet();
    Error err = check(kind.context(req), keys);
    try {
      out.onNext(err != null ? kind.regionErrorResponse(err) : body.serve());
      out.onCompleted();
    } catch (Exception e) {
      out.onError(Status.INTERNAL.withDescription(e.toString()).withCause(e).asRuntimeException());
    }
  }

  private Region region(Context ctx) {
    return regions.byId(ctx.getRegionId());
  }

  @Override
  public void kvGet(GetRequest req, StreamObserver<GetResponse> out) {
    handle(RpcKind.KV_GET, req, List.of(req.getKey()), out, () -> store.get(req));
  }

  @Override
  public void kvBatchGet(BatchGetRequest req, StreamObserver<BatchGetResponse> out) {
    handle(RpcKind.KV_BATCH_GET, req, req.getKeysList(), out, () -> {
      CountDownLatch gate = batchGetGate;
      if (gate != null) {
        gate.countDown();
        if (!gate.await(20, TimeUnit.SECONDS)) {
          throw new IllegalStateException("batch gets did not arrive together");
        }
      }
      return store.batchGet(req);
    });
  }

  @Override
  public void kvScan(ScanRequest req, StreamObserver<ScanResponse> out) {
    ByteString lower = req.getReverse() ? req.getEndKey() : req.getStartKey();
    List<ByteString> keys = lower.isEmpty() ? List.of() : List.of(lower);
    handle(RpcKind.KV_SCAN, req, keys, out, () -> {
      Region r = region(req.getContext());
      return store.scan(req, RegionTable.userStart(r), RegionTable.userEnd(r));
    });
  }

  @Override
  public void kvPrewrite(PrewriteRequest req, StreamObserver<PrewriteResponse> out) {
    handle(RpcKind.KV_PREWRITE, req, req.getMutationsList().stream().map(m -> m.getKey()).toList(), out, () -> store.prewrite(req));
  }

  @Override
  public void kvCommit(CommitRequest req, StreamObserver<CommitResponse> out) {
    handle(RpcKind.KV_COMMIT, req, req.getKeysList(), out, () -> store.commit(req));
  }

  @Override
  public void kvBatchRollback(BatchRollbackRequest req, StreamObserver<BatchRollbackResponse> out) {
    handle(RpcKind.KV_BATCH_ROLLBACK, req, req.getKeysList(), out, () -> store.batchRollback(req));
  }

  @Override
  public void kvCheckTxnStatus(CheckTxnStatusRequest req, StreamObserver<CheckTxnStatusResponse> out) {
    handle(RpcKind.KV_CHECK_TXN_STATUS, req, List.of(req.getPrimaryKey()), out, () -> store.checkTxnStatus(req));
  }

  @Override
  public void kvTxnHeartBeat(TxnHeartBeatRequest req, StreamObserver<TxnHeartBeatResponse> out) {
    handle(RpcKind.KV_TXN_HEART_BEAT, req, List.of(req.getPrimaryLock()), out, () -> store.heartbeat(req));
  }

  @Override
  public void kvResolveLock(ResolveLockRequest req, StreamObserver<ResolveLockResponse> out) {
    handle(RpcKind.KV_RESOLVE_LOCK, req, req.getKeysList(), out, () -> {
      Region r = region(req.getContext());
      return store.resolveLock(req, RegionTable.userStart(r), RegionTable.userEnd(r));
    });
  }

  @Override
  public void kvPessimisticLock(PessimisticLockRequest req, StreamObserver<PessimisticLockResponse> out) {
    handle(RpcKind.KV_PESSIMISTIC_LOCK, req, req.getMutationsList().stream().map(m -> m.getKey()).toList(), out,
        () -> store.pessimisticLock(req));
  }

  @Override
  public void kVPessimisticRollback(PessimisticRollbackRequest req, StreamObserver<PessimisticRollbackResponse> out) {
    handle(RpcKind.KV_PESSIMISTIC_ROLLBACK, req, req.getKeysList(), out, () -> store.pessimisticRollback(req));
  }
}
