package io.cairn.storage.server;

import static io.cairn.storage.server.ProtoMapping.bytes;
import static io.cairn.storage.server.ProtoMapping.keyError;
import static io.cairn.storage.server.ProtoMapping.readRoute;
import static io.cairn.storage.server.ProtoMapping.route;

import com.google.protobuf.ByteString;
import io.cairn.proto.coprocessor.KeyRange;
import io.cairn.proto.kvrpcpb.Action;
import io.cairn.proto.kvrpcpb.Assertion;
import io.cairn.proto.kvrpcpb.BatchGetRequest;
import io.cairn.proto.kvrpcpb.BatchGetResponse;
import io.cairn.proto.kvrpcpb.BatchRollbackRequest;
import io.cairn.proto.kvrpcpb.BatchRollbackResponse;
import io.cairn.proto.kvrpcpb.CheckTxnStatusRequest;
import io.cairn.proto.kvrpcpb.CheckTxnStatusResponse;
import io.cairn.proto.kvrpcpb.CleanupRequest;
import io.cairn.proto.kvrpcpb.CleanupResponse;
import io.cairn.proto.kvrpcpb.CommitRequest;
import io.cairn.proto.kvrpcpb.CommitResponse;
import io.cairn.proto.kvrpcpb.Context;
import io.cairn.proto.kvrpcpb.GCRequest;
import io.cairn.proto.kvrpcpb.GCResponse;
import io.cairn.proto.kvrpcpb.GetRequest;
import io.cairn.proto.kvrpcpb.GetResponse;
import io.cairn.proto.kvrpcpb.KvPair;
import io.cairn.proto.kvrpcpb.PessimisticLockResponse;
import io.cairn.proto.kvrpcpb.PessimisticRollbackRequest;
import io.cairn.proto.kvrpcpb.PessimisticRollbackResponse;
import io.cairn.proto.kvrpcpb.PrewriteResponse;
import io.cairn.proto.kvrpcpb.RawBatchDeleteRequest;
import io.cairn.proto.kvrpcpb.RawBatchDeleteResponse;
import io.cairn.proto.kvrpcpb.RawBatchGetRequest;
import io.cairn.proto.kvrpcpb.RawBatchGetResponse;
import io.cairn.proto.kvrpcpb.RawBatchPutRequest;
import io.cairn.proto.kvrpcpb.RawBatchPutResponse;
import io.cairn.proto.kvrpcpb.RawCASRequest;
import io.cairn.proto.kvrpcpb.RawCASResponse;
import io.cairn.proto.kvrpcpb.RawDeleteRangeRequest;
import io.cairn.proto.kvrpcpb.RawDeleteRangeResponse;
import io.cairn.proto.kvrpcpb.RawDeleteRequest;
import io.cairn.proto.kvrpcpb.RawDeleteResponse;
import io.cairn.proto.kvrpcpb.RawGetRequest;
import io.cairn.proto.kvrpcpb.RawGetResponse;
import io.cairn.proto.kvrpcpb.RawPutRequest;
import io.cairn.proto.kvrpcpb.RawPutResponse;
import io.cairn.proto.kvrpcpb.RawScanRequest;
import io.cairn.proto.kvrpcpb.RawScanResponse;
import io.cairn.proto.kvrpcpb.ResolveLockRequest;
import io.cairn.proto.kvrpcpb.ResolveLockResponse;
import io.cairn.proto.kvrpcpb.ScanLockRequest;
import io.cairn.proto.kvrpcpb.ScanLockResponse;
import io.cairn.proto.kvrpcpb.ScanRequest;
import io.cairn.proto.kvrpcpb.ScanResponse;
import io.cairn.proto.kvrpcpb.SplitRegionRequest;
import io.cairn.proto.kvrpcpb.SplitRegionResponse;
import io.cairn.proto.kvrpcpb.TxnHeartBeatRequest;
import io.cairn.proto.kvrpcpb.TxnHeartBeatResponse;
import io.cairn.proto.kvrpcpb.TxnInfo;
import io.cairn.proto.tikvpb.TikvGrpc;
import io.cairn.storage.engine.EngineException;
import io.cairn.storage.gc.GcWorker;
import io.cairn.storage.mvcc.KeyError;
import io.cairn.storage.mvcc.LockInfo;
import io.cairn.storage.mvcc.reader.KvEntry;
import io.cairn.storage.mvcc.reader.ReadOptions;
import io.cairn.storage.mvcc.reader.SnapshotReader;
import io.cairn.storage.raw.RawStore;
import io.cairn.storage.region.KeyMode;
import io.cairn.storage.region.ReadKind;
import io.cairn.storage.region.RegionEngine;
import io.cairn.storage.region.RegionError;
import io.cairn.storage.region.RegionException;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.region.RegionSnapshot;
import io.cairn.storage.region.RequestContext;
import io.cairn.storage.txn.ConcurrencyManager;
import io.cairn.storage.txn.Outcome;
import io.cairn.storage.txn.PessimisticLockResult;
import io.cairn.storage.txn.PrewriteResult;
import io.cairn.storage.txn.TxnStore;
import io.cairn.storage.txn.actions.Mutation;
import io.cairn.storage.txn.actions.TxnStatus;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code tikvpb.Tikv} service over the storage core. Every KV request goes through
 * {@link #serve}: a call already cancelled or past its deadline is skipped, the store's
 * in-flight limit may answer {@code ServerIsBusy}, and the request's context is checked by the
 * {@link RegionEngine} seam as the command reads and writes. Routing failures come back as the
 * response's {@code region_error}, per-key failures as its key errors; only malformed requests
 * ({@code INVALID_ARGUMENT}) and faults ({@code INTERNAL}, {@code UNAVAILABLE}) become a gRPC
 * status.
 *
 * <p>Handlers run on the server's executor (never a transport thread), so a pessimistic lock
 * that waits blocks only its own thread; the wait is cut short at the call's deadline.
 */
final class KvService extends TikvGrpc.TikvImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(KvService.class);
  /** TiKV's default pessimistic lock wait when the request says 0. */
  static final long DEFAULT_LOCK_WAIT_MS = 1000;

  private final RegionEngine regions;
  private final TxnStore txn;
  private final SnapshotReader reader;
  private final RawStore raw;
  private final GcWorker gc;
  private final CoprocessorHandler coprocessor;
  private final InflightLimiter limiter;
  private final ConcurrencyManager concurrency;

  /** @param concurrency the store's max_ts, the one {@code txn} commits above */
  KvService(RegionEngine regions, TxnStore txn, SnapshotReader reader, RawStore raw, GcWorker gc,
      CoprocessorHandler coprocessor, InflightLimiter limiter, ConcurrencyManager concurrency) {
    this.regions = regions;
    this.txn = txn;
    this.reader = reader;
    this.raw = raw;
    this.gc = gc;
    this.coprocessor = coprocessor;
    this.limiter = limiter;
    this.concurrency = concurrency;
  }

  /**
   * Runs {@code body} and sends its answer; a {@link RegionException} becomes the response
   * {@code onRegionError} builds.
   */
  private <R> void serve(StreamObserver<R> out, Function<io.cairn.proto.errorpb.Error, R> onRegionError,
      Supplier<R> body) {
    if (io.grpc.Context.current().isCancelled()) {
      return;
    }
    RegionError.ServerIsBusy busy = limiter.tryEnter();
    if (busy != null) {
      send(out, onRegionError.apply(ProtoMapping.regionError(busy)));
      return;
    }
    long started = System.nanoTime();
    R response;
    try {
      response = body.get();
    } catch (RegionException e) {
      response = onRegionError.apply(ProtoMapping.regionError(e.error()));
    } catch (IllegalArgumentException e) {
      fail(out, Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
      return;
    } catch (EngineException e) {
      LOG.error("engine failure", e);
      fail(out, Status.UNAVAILABLE.withDescription("engine: " + e.getMessage()).withCause(e));
      return;
    } catch (RuntimeException e) {
      LOG.error("request failed", e);
      fail(out, Status.INTERNAL.withDescription(String.valueOf(e)).withCause(e));
      return;
    } finally {
      limiter.exit(System.nanoTime() - started);
    }
    send(out, response);
  }

  private static boolean cancelled(StreamObserver<?> out) {
    return out instanceof ServerCallStreamObserver<?> s && s.isCancelled();
  }

  private static <R> void send(StreamObserver<R> out, R response) {
    if (cancelled(out)) {
      return;
    }
    try {
      out.onNext(response);
      out.onCompleted();
    } catch (StatusRuntimeException e) {
      // Cancelled (or past its deadline) between the check and the send: nobody is listening.
      LOG.debug("response dropped: {}", e.getStatus());
    }
  }

  private static void fail(StreamObserver<?> out, Status status) {
    if (!cancelled(out)) {
      out.onError(status.asRuntimeException());
    }
  }

  private static RequestContext txnRoute(Context ctx) {
    return route(ctx, KeyMode.TXN);
  }

  private static RequestContext rawRoute(Context ctx, String cf) {
    if (!cf.isEmpty() && !cf.equals("default")) {
      throw new IllegalArgumentException("raw column family '" + cf + "' is not supported");
    }
    return route(ctx, KeyMode.RAW);
  }

  /** A raw read's route: a replica read may go to a follower; raw data has no ts to be stale at. */
  private static RequestContext rawReadRoute(Context ctx, String cf) {
    RequestContext route = rawRoute(ctx, cf);
    if (ctx.getStaleRead()) {
      throw new IllegalArgumentException("stale reads of raw keys are not supported");
    }
    return ctx.getReplicaRead() ? route.withRead(ReadKind.REPLICA, 0) : route;
  }

  private static List<byte[]> keys(List<ByteString> keys) {
    return keys.stream().map(ByteString::toByteArray).toList();
  }

  private static byte[] orNull(ByteString b) {
    return b.isEmpty() ? null : b.toByteArray();
  }

  private static ReadOptions readOptions(Context ctx) {
    return new ReadOptions(Set.copyOf(ctx.getResolvedLocksList()),
        Set.copyOf(ctx.getCommittedLocksList()));
  }

  /**
   * Before a snapshot read at {@code ts}: raises max_ts, so a one-phase commit picks a commit ts
   * above the read, and waits out the one-phase commits on {@code keys} that picked theirs
   * before. Replica and stale reads too: the leader serves them like its own reads when they
   * reach it; on a follower store the raise is harmless (max_ts only ever needs to be large
   * enough) and no one-phase commit holds keys of a region it follows. A replica read served by
   * a follower raises the leader's max_ts through its read index request.
   */
  private void beforeRead(long ts, List<byte[]> keys) {
    if (!isSnapshotTs(ts)) {
      return;
    }
    concurrency.observe(ts);
    concurrency.awaitKeys(ts, keys);
  }

  /** {@link #beforeRead} for the keys in {@code [start, end)}; null bounds are open. */
  private void beforeRead(long ts, byte[] start, byte[] end) {
    if (!isSnapshotTs(ts)) {
      return;
    }
    concurrency.observe(ts);
    concurrency.awaitRange(ts, start, end);
  }

  private static boolean isSnapshotTs(long ts) {
    return ts > 0 && ts != Long.MAX_VALUE;
  }

  private static void requireNoTtl(long ttl) {
    if (ttl != 0) {
      throw new IllegalArgumentException("raw key TTL is not supported");
    }
  }

  // ---- raw

  @Override
  public void rawGet(RawGetRequest req, StreamObserver<RawGetResponse> out) {
    serve(out, e -> RawGetResponse.newBuilder().setRegionError(e).build(), () -> {
      byte[] v = raw.get(rawReadRoute(req.getContext(), req.getCf()), req.getKey().toByteArray());
      return v == null ? RawGetResponse.newBuilder().setNotFound(true).build()
          : RawGetResponse.newBuilder().setValue(bytes(v)).build();
    });
  }

  @Override
  public void rawBatchGet(RawBatchGetRequest req, StreamObserver<RawBatchGetResponse> out) {
    serve(out, e -> RawBatchGetResponse.newBuilder().setRegionError(e).build(), () -> {
      RawBatchGetResponse.Builder b = RawBatchGetResponse.newBuilder();
      for (RawStore.KvPair p : raw.batchGet(rawReadRoute(req.getContext(), req.getCf()),
          keys(req.getKeysList()))) {
        b.addPairs(KvPair.newBuilder().setKey(bytes(p.key())).setValue(bytes(p.value())));
      }
      return b.build();
    });
  }

  @Override
  public void rawPut(RawPutRequest req, StreamObserver<RawPutResponse> out) {
    serve(out, e -> RawPutResponse.newBuilder().setRegionError(e).build(), () -> {
      requireNoTtl(req.getTtl());
      raw.put(rawRoute(req.getContext(), req.getCf()), req.getKey().toByteArray(),
          req.getValue().toByteArray());
      return RawPutResponse.getDefaultInstance();
    });
  }

  @Override
  public void rawBatchPut(RawBatchPutRequest req, StreamObserver<RawBatchPutResponse> out) {
    serve(out, e -> RawBatchPutResponse.newBuilder().setRegionError(e).build(), () -> {
      requireNoTtl(req.getTtl());
      req.getTtlsList().forEach(KvService::requireNoTtl);
      List<RawStore.KvPair> pairs = req.getPairsList().stream()
          .map(p -> new RawStore.KvPair(p.getKey().toByteArray(), p.getValue().toByteArray()))
          .toList();
      raw.batchPut(rawRoute(req.getContext(), req.getCf()), pairs);
      return RawBatchPutResponse.getDefaultInstance();
    });
  }

  @Override
  public void rawDelete(RawDeleteRequest req, StreamObserver<RawDeleteResponse> out) {
    serve(out, e -> RawDeleteResponse.newBuilder().setRegionError(e).build(), () -> {
      raw.delete(rawRoute(req.getContext(), req.getCf()), req.getKey().toByteArray());
      return RawDeleteResponse.getDefaultInstance();
    });
  }

  @Override
  public void rawBatchDelete(RawBatchDeleteRequest req, StreamObserver<RawBatchDeleteResponse> out) {
    serve(out, e -> RawBatchDeleteResponse.newBuilder().setRegionError(e).build(), () -> {
      raw.batchDelete(rawRoute(req.getContext(), req.getCf()), keys(req.getKeysList()));
      return RawBatchDeleteResponse.getDefaultInstance();
    });
  }

  /**
   * Forward: {@code [start_key, end_key)}, start in the region. Reverse (TiKV's convention):
   * {@code start_key} is the exclusive upper bound and {@code end_key} the inclusive lower one.
   * Empty bounds mean the region's edges; results never leave the region.
   */
  @Override
  public void rawScan(RawScanRequest req, StreamObserver<RawScanResponse> out) {
    serve(out, e -> RawScanResponse.newBuilder().setRegionError(e).build(), () -> {
      RequestContext ctx = rawReadRoute(req.getContext(), req.getCf());
      byte[] start = orNull(req.getStartKey());
      byte[] end = orNull(req.getEndKey());
      List<RawStore.KvPair> pairs;
      if (req.getReverse()) {
        ctx = ctx.withKeys(end == null ? List.of() : List.of(end)).withUpperBound(start);
        pairs = raw.scan(ctx, end, start, req.getLimit(), req.getKeyOnly(), true);
      } else {
        ctx = ctx.withKeys(start == null ? List.of() : List.of(start));
        pairs = raw.scan(ctx, start, end, req.getLimit(), req.getKeyOnly(), false);
      }
      RawScanResponse.Builder b = RawScanResponse.newBuilder();
      for (RawStore.KvPair p : pairs) {
        KvPair.Builder kv = KvPair.newBuilder().setKey(bytes(p.key()));
        if (p.value() != null) {
          kv.setValue(bytes(p.value()));
        }
        b.addKvs(kv);
      }
      return b.build();
    });
  }

  @Override
  public void rawDeleteRange(RawDeleteRangeRequest req, StreamObserver<RawDeleteRangeResponse> out) {
    serve(out, e -> RawDeleteRangeResponse.newBuilder().setRegionError(e).build(), () -> {
      raw.deleteRange(rawRoute(req.getContext(), req.getCf()), req.getStartKey().toByteArray(),
          orNull(req.getEndKey()));
      return RawDeleteRangeResponse.getDefaultInstance();
    });
  }

  @Override
  public void rawCompareAndSwap(RawCASRequest req, StreamObserver<RawCASResponse> out) {
    serve(out, e -> RawCASResponse.newBuilder().setRegionError(e).build(), () -> {
      requireNoTtl(req.getTtl());
      byte[] expected = req.getPreviousNotExist() ? null : req.getPreviousValue().toByteArray();
      RawStore.CasResult r = raw.compareAndSwap(rawRoute(req.getContext(), req.getCf()),
          req.getKey().toByteArray(), expected, req.getValue().toByteArray());
      RawCASResponse.Builder b = RawCASResponse.newBuilder().setSucceed(r.swapped())
          .setPreviousNotExist(r.previous() == null);
      if (r.previous() != null) {
        b.setPreviousValue(bytes(r.previous()));
      }
      return b.build();
    });
  }

  // ---- transactional reads

  @Override
  public void kvGet(GetRequest req, StreamObserver<GetResponse> out) {
    serve(out, e -> GetResponse.newBuilder().setRegionError(e).build(), () -> {
      beforeRead(req.getVersion(), List.of(req.getKey().toByteArray()));
      KvEntry e = reader.get(readRoute(req.getContext(), KeyMode.TXN, req.getVersion()),
          req.getKey().toByteArray(),
          req.getVersion(), readOptions(req.getContext()));
      if (e.isError()) {
        return GetResponse.newBuilder().setError(keyError(e.error())).build();
      }
      return e.value() == null ? GetResponse.newBuilder().setNotFound(true).build()
          : GetResponse.newBuilder().setValue(bytes(e.value())).build();
    });
  }

  @Override
  public void kvBatchGet(BatchGetRequest req, StreamObserver<BatchGetResponse> out) {
    serve(out, e -> BatchGetResponse.newBuilder().setRegionError(e).build(), () -> {
      BatchGetResponse.Builder b = BatchGetResponse.newBuilder();
      beforeRead(req.getVersion(), keys(req.getKeysList()));
      for (KvEntry e : reader.batchGet(readRoute(req.getContext(), KeyMode.TXN, req.getVersion()),
          keys(req.getKeysList()),
          req.getVersion(), readOptions(req.getContext()))) {
        b.addPairs(pair(e));
      }
      return b.build();
    });
  }

  private static KvPair pair(KvEntry e) {
    KvPair.Builder kv = KvPair.newBuilder().setKey(bytes(e.key()));
    if (e.isError()) {
      kv.setError(keyError(e.error()));
    } else if (e.value() != null) {
      kv.setValue(bytes(e.value()));
    }
    return kv.build();
  }

  /**
   * At most {@code limit} pairs, only inside the region (an empty end is the region's end);
   * fewer than {@code limit} means the region is exhausted. Locked keys come back as pairs
   * with {@code error.locked}. Reverse as in {@link #rawScan}.
   */
  @Override
  public void kvScan(ScanRequest req, StreamObserver<ScanResponse> out) {
    serve(out, e -> ScanResponse.newBuilder().setRegionError(e).build(), () -> {
      if (req.getSampleStep() > 1) {
        throw new IllegalArgumentException("scan sample_step is not supported");
      }
      RequestContext ctx = readRoute(req.getContext(), KeyMode.TXN, req.getVersion());
      byte[] start = orNull(req.getStartKey());
      byte[] end = orNull(req.getEndKey());
      List<KvEntry> entries;
      ReadOptions opts = readOptions(req.getContext());
      if (req.getReverse()) {
        beforeRead(req.getVersion(), end, start);
      } else {
        beforeRead(req.getVersion(), start, end);
      }
      if (req.getReverse()) {
        ctx = ctx.withKeys(end == null ? List.of() : List.of(end)).withUpperBound(start);
        entries = reader.scan(ctx, end, start, req.getLimit(), req.getVersion(), req.getKeyOnly(),
            true, opts);
      } else {
        ctx = ctx.withKeys(start == null ? List.of() : List.of(start));
        entries = reader.scan(ctx, start, end, req.getLimit(), req.getVersion(),
            req.getKeyOnly(), false, opts);
      }
      ScanResponse.Builder b = ScanResponse.newBuilder();
      entries.forEach(e -> b.addPairs(pair(e)));
      return b.build();
    });
  }

  // ---- transactional writes

  private static Mutation mutation(io.cairn.proto.kvrpcpb.Mutation m) {
    byte[] key = m.getKey().toByteArray();
    return switch (m.getOp()) {
      case Put -> Mutation.put(key, m.getValue().toByteArray());
      case Del -> Mutation.delete(key);
      case Lock -> Mutation.lock(key);
      case Insert -> Mutation.insert(key, m.getValue().toByteArray());
      case CheckNotExists -> Mutation.checkNotExists(key);
      default -> throw new IllegalArgumentException("mutation op " + m.getOp()
          + " is not allowed in prewrite");
    };
  }

  /**
   * {@code try_one_pc} may commit at once ({@code one_pc_commit_ts}, see
   * {@link TxnStore#prewrite}); a prewrite that falls back answers {@code one_pc_commit_ts = 0}.
   * Async commit is not implemented: such requests run as plain 2PC prewrites and answer
   * {@code min_commit_ts = 0}, which clients take as the documented fall-back to 2PC.
   */
  @Override
  public void kvPrewrite(io.cairn.proto.kvrpcpb.PrewriteRequest req,
      StreamObserver<PrewriteResponse> out) {
    serve(out, e -> PrewriteResponse.newBuilder().setRegionError(e).build(), () -> {
      List<Mutation> mutations = req.getMutationsList().stream().map(KvService::mutation).toList();
      PrewriteResult r = txn.prewrite(txnRoute(req.getContext()),
          new io.cairn.storage.txn.PrewriteRequest(mutations, req.getPrimaryLock().toByteArray(),
              req.getStartVersion(), req.getLockTtl(), req.getTxnSize(), req.getForUpdateTs(),
              req.getIsPessimisticLockList(), req.getMinCommitTs(), req.getTryOnePc(),
              req.getMaxCommitTs()));
      PrewriteResponse.Builder b = PrewriteResponse.newBuilder()
          .setOnePcCommitTs(r.onePcCommitTs());
      r.errors().forEach(e -> b.addErrors(keyError(e)));
      return b.build();
    });
  }

  @Override
  public void kvCommit(CommitRequest req, StreamObserver<CommitResponse> out) {
    serve(out, e -> CommitResponse.newBuilder().setRegionError(e).build(), () -> {
      Optional<KeyError> err = txn.commit(txnRoute(req.getContext()), keys(req.getKeysList()),
          req.getStartVersion(), req.getCommitVersion());
      return err.map(e -> CommitResponse.newBuilder().setError(keyError(e)).build())
          .orElseGet(() -> CommitResponse.newBuilder().setCommitVersion(req.getCommitVersion())
              .build());
    });
  }

  @Override
  public void kvCleanup(CleanupRequest req, StreamObserver<CleanupResponse> out) {
    serve(out, e -> CleanupResponse.newBuilder().setRegionError(e).build(), () -> {
      Optional<KeyError> err = txn.cleanup(txnRoute(req.getContext()), req.getKey().toByteArray(),
          req.getStartVersion(), req.getCurrentTs());
      CleanupResponse.Builder b = CleanupResponse.newBuilder();
      if (err.isPresent()) {
        if (err.get() instanceof KeyError.Committed c) {
          b.setCommitVersion(c.commitTs());
        } else {
          b.setError(keyError(err.get()));
        }
      }
      return b.build();
    });
  }

  @Override
  public void kvBatchRollback(BatchRollbackRequest req, StreamObserver<BatchRollbackResponse> out) {
    serve(out, e -> BatchRollbackResponse.newBuilder().setRegionError(e).build(), () -> {
      Optional<KeyError> err = txn.rollback(txnRoute(req.getContext()), keys(req.getKeysList()),
          req.getStartVersion());
      BatchRollbackResponse.Builder b = BatchRollbackResponse.newBuilder();
      err.ifPresent(e -> b.setError(keyError(e)));
      return b.build();
    });
  }

  @Override
  public void kvCheckTxnStatus(CheckTxnStatusRequest req,
      StreamObserver<CheckTxnStatusResponse> out) {
    serve(out, e -> CheckTxnStatusResponse.newBuilder().setRegionError(e).build(), () -> {
      byte[] primary = req.getPrimaryKey().toByteArray();
      Outcome<TxnStatus> o = txn.checkTxnStatus(txnRoute(req.getContext()), primary,
          req.getLockTs(), req.getCallerStartTs(), req.getCurrentTs(),
          req.getRollbackIfNotExist(), req.getResolvingPessimisticLock());
      CheckTxnStatusResponse.Builder b = CheckTxnStatusResponse.newBuilder();
      if (!o.isOk()) {
        return b.setError(keyError(o.error())).build();
      }
      switch (o.value()) {
        case TxnStatus.Committed c -> b.setCommitVersion(c.commitTs());
        case TxnStatus.RolledBack r -> b.setAction(switch (r.how()) {
          case ALREADY -> Action.NoAction;
          case TTL_EXPIRED -> Action.TTLExpireRollback;
          case LOCK_NOT_EXIST -> Action.LockNotExistRollback;
          case PESSIMISTIC_ROLLED_BACK -> Action.TTLExpirePessimisticRollback;
        });
        case TxnStatus.Uncommitted u -> b.setLockTtl(u.ttl())
            .setAction(u.minCommitTsPushed() ? Action.MinCommitTSPushed : Action.NoAction)
            .setLockInfo(ProtoMapping.lockInfo(u.lock().toLockInfo(primary)));
      }
      return b.build();
    });
  }

  @Override
  public void kvTxnHeartBeat(TxnHeartBeatRequest req, StreamObserver<TxnHeartBeatResponse> out) {
    serve(out, e -> TxnHeartBeatResponse.newBuilder().setRegionError(e).build(), () -> {
      Outcome<Long> o = txn.txnHeartbeat(txnRoute(req.getContext()),
          req.getPrimaryLock().toByteArray(), req.getStartVersion(), req.getAdviseLockTtl());
      return o.isOk() ? TxnHeartBeatResponse.newBuilder().setLockTtl(o.value()).build()
          : TxnHeartBeatResponse.newBuilder().setError(keyError(o.error())).build();
    });
  }

  /**
   * With keys: resolves exactly those keys of {@code start_version} (resolve-lock-lite).
   * Without: every lock in the region of {@code start_version}, or of each transaction of
   * {@code txn_infos} (status = its commit_ts, 0 = roll back).
   */
  @Override
  public void kvResolveLock(ResolveLockRequest req, StreamObserver<ResolveLockResponse> out) {
    serve(out, e -> ResolveLockResponse.newBuilder().setRegionError(e).build(), () -> {
      RequestContext ctx = txnRoute(req.getContext());
      Optional<KeyError> err;
      if (req.getKeysCount() > 0) {
        err = txn.resolveLockLite(ctx, req.getStartVersion(), req.getCommitVersion(),
            keys(req.getKeysList()));
      } else {
        Map<Long, Long> status = new HashMap<>();
        if (req.getTxnInfosCount() > 0) {
          for (TxnInfo info : req.getTxnInfosList()) {
            status.put(info.getTxn(), info.getStatus());
          }
        } else {
          status.put(req.getStartVersion(), req.getCommitVersion());
        }
        err = txn.resolveLock(ctx, status, null, null);
      }
      ResolveLockResponse.Builder b = ResolveLockResponse.newBuilder();
      err.ifPresent(e -> b.setError(keyError(e)));
      return b.build();
    });
  }

  @Override
  public void kvPessimisticLock(io.cairn.proto.kvrpcpb.PessimisticLockRequest req,
      StreamObserver<PessimisticLockResponse> out) {
    serve(out, e -> PessimisticLockResponse.newBuilder().setRegionError(e).build(), () -> {
      List<byte[]> keys = new ArrayList<>();
      List<Boolean> notExist = new ArrayList<>();
      for (io.cairn.proto.kvrpcpb.Mutation m : req.getMutationsList()) {
        keys.add(m.getKey().toByteArray());
        notExist.add(m.getAssertion() == Assertion.NotExist);
      }
      boolean wantValues = req.getReturnValues() || req.getCheckExistence();
      long minCommitTs = req.getMinCommitTs() != 0 ? req.getMinCommitTs() : req.getForUpdateTs() + 1;
      PessimisticLockResult r;
      try {
        r = txn.acquirePessimisticLock(txnRoute(req.getContext()),
            new io.cairn.storage.txn.PessimisticLockRequest(keys, notExist,
                req.getPrimaryLock().toByteArray(), req.getStartVersion(), req.getLockTtl(),
                req.getForUpdateTs(), lockWaitMs(req.getWaitTimeout()), wantValues, minCommitTs));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a lock", e);
      }
      PessimisticLockResponse.Builder b = PessimisticLockResponse.newBuilder();
      if (!r.isOk()) {
        return b.addErrors(keyError(r.error())).build();
      }
      if (wantValues) {
        for (byte[] v : r.values()) {
          if (req.getReturnValues()) {
            b.addValues(bytes(v));
          }
          b.addNotFounds(v == null);
        }
      }
      return b.build();
    });
  }

  /** The wait for a lock: the request's (0 = TiKV's default, negative = none), cut at the deadline. */
  private static long lockWaitMs(long requested) {
    long wait = requested == 0 ? DEFAULT_LOCK_WAIT_MS : Math.max(0, requested);
    Deadline deadline = io.grpc.Context.current().getDeadline();
    if (deadline != null) {
      wait = Math.min(wait, Math.max(0, deadline.timeRemaining(TimeUnit.MILLISECONDS)));
    }
    return wait;
  }

  @Override
  public void kVPessimisticRollback(PessimisticRollbackRequest req,
      StreamObserver<PessimisticRollbackResponse> out) {
    serve(out, e -> PessimisticRollbackResponse.newBuilder().setRegionError(e).build(), () -> {
      txn.pessimisticRollback(txnRoute(req.getContext()), keys(req.getKeysList()),
          req.getStartVersion(), req.getForUpdateTs());
      return PessimisticRollbackResponse.getDefaultInstance();
    });
  }

  @Override
  public void kvScanLock(ScanLockRequest req, StreamObserver<ScanLockResponse> out) {
    serve(out, e -> ScanLockResponse.newBuilder().setRegionError(e).build(), () -> {
      byte[] start = orNull(req.getStartKey());
      RequestContext ctx = txnRoute(req.getContext())
          .withKeys(start == null ? List.of() : List.of(start));
      int limit = req.getLimit() == 0 ? Integer.MAX_VALUE : req.getLimit();
      ScanLockResponse.Builder b = ScanLockResponse.newBuilder();
      for (LockInfo l : txn.scanLock(ctx, req.getMaxVersion(), start, orNull(req.getEndKey()),
          limit)) {
        b.addLocks(ProtoMapping.lockInfo(l));
      }
      return b.build();
    });
  }

  @Override
  public void kvGC(GCRequest req, StreamObserver<GCResponse> out) {
    serve(out, e -> GCResponse.newBuilder().setRegionError(e).build(), () -> {
      try {
        gc.gc(txnRoute(req.getContext()), req.getSafePoint(), null, null);
        return GCResponse.getDefaultInstance();
      } catch (IllegalStateException e) {
        return GCResponse.newBuilder().setError(
            io.cairn.proto.kvrpcpb.KeyError.newBuilder().setAbort(e.getMessage())).build();
      }
    });
  }

  // ---- regions and coprocessor

  /**
   * Splits the region at {@code split_keys} (or {@code split_key}): user keys, encoded like
   * transactional keys unless {@code is_raw_kv}. {@code left}/{@code right} are the first and
   * last resulting regions, {@code regions} all of them in key order.
   */
  @Override
  public void splitRegion(SplitRegionRequest req, StreamObserver<SplitRegionResponse> out) {
    serve(out, e -> SplitRegionResponse.newBuilder().setRegionError(e).build(), () -> {
      KeyMode mode = req.getIsRawKv() ? KeyMode.RAW : KeyMode.TXN;
      List<byte[]> userKeys = req.getSplitKeysCount() > 0 ? keys(req.getSplitKeysList())
          : req.getSplitKey().isEmpty() ? List.of() : List.of(req.getSplitKey().toByteArray());
      List<byte[]> splitKeys = userKeys.stream().map(mode::toRegionKey).toList();
      List<RegionMeta> pieces = regions.split(route(req.getContext(), mode), splitKeys);
      SplitRegionResponse.Builder b = SplitRegionResponse.newBuilder()
          .setLeft(ProtoMapping.region(pieces.get(0)))
          .setRight(ProtoMapping.region(pieces.get(pieces.size() - 1)));
      pieces.forEach(p -> b.addRegions(ProtoMapping.region(p)));
      return b.build();
    });
  }

  /**
   * Checks the context and the ranges' start keys, then hands a snapshot of the region to the
   * {@link CoprocessorHandler} (the DAG executor plugs in there).
   */
  @Override
  public void coprocessor(io.cairn.proto.coprocessor.Request req,
      StreamObserver<io.cairn.proto.coprocessor.Response> out) {
    serve(out, e -> io.cairn.proto.coprocessor.Response.newBuilder().setRegionError(e).build(),
        () -> {
          Set<ByteString> starts = new HashSet<>();
          for (KeyRange r : req.getRangesList()) {
            starts.add(r.getStart());
          }
          RequestContext ctx = readRoute(req.getContext(), KeyMode.TXN, req.getStartTs())
              .withKeys(keys(List.copyOf(starts)));
          for (KeyRange r : req.getRangesList()) {
            beforeRead(req.getStartTs(), orNull(r.getStart()),
                orNull(r.getEnd()));
          }
          try (RegionSnapshot snap = regions.snapshot(ctx)) {
            return coprocessor.handle(req, snap);
          }
        });
  }
}
