package io.cairn.tikv.testing;

import com.google.protobuf.ByteString;
import io.cairn.proto.kvrpcpb.Action;
import io.cairn.proto.kvrpcpb.BatchGetRequest;
import io.cairn.proto.kvrpcpb.BatchGetResponse;
import io.cairn.proto.kvrpcpb.BatchRollbackRequest;
import io.cairn.proto.kvrpcpb.BatchRollbackResponse;
import io.cairn.proto.kvrpcpb.CheckTxnStatusRequest;
import io.cairn.proto.kvrpcpb.CheckTxnStatusResponse;
import io.cairn.proto.kvrpcpb.CommitRequest;
import io.cairn.proto.kvrpcpb.CommitResponse;
import io.cairn.proto.kvrpcpb.GetRequest;
import io.cairn.proto.kvrpcpb.GetResponse;
import io.cairn.proto.kvrpcpb.KvPair;
import io.cairn.proto.kvrpcpb.Op;
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
import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.mvcc.KeyError;
import io.cairn.storage.mvcc.LockInfo;
import io.cairn.storage.mvcc.reader.KvEntry;
import io.cairn.storage.mvcc.reader.ReadOptions;
import io.cairn.storage.mvcc.reader.SnapshotReader;
import io.cairn.storage.region.KeyMode;
import io.cairn.storage.region.LocalRegionEngine;
import io.cairn.storage.region.RequestContext;
import io.cairn.storage.txn.Outcome;
import io.cairn.storage.txn.PessimisticLockResult;
import io.cairn.storage.txn.PrewriteResult;
import io.cairn.storage.txn.TxnStore;
import io.cairn.storage.txn.actions.Mutation;
import io.cairn.storage.txn.actions.TxnStatus;
import io.cairn.storage.txn.latch.Latches;
import io.cairn.storage.txn.lockwait.DeadlockDetector;
import io.cairn.storage.txn.lockwait.LockWaitManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test-only: every call the fake storage node makes into the real storage core
 * ({@link TxnStore}, {@link SnapshotReader}), with the kvrpcpb ↔ core conversions. Kept in one
 * class so a change of the core's signatures (request context parameters) is adapted here
 * only. Region checks are the caller's; scans and lock resolution get the region's bounds.
 */
public final class TxnStoreAdapter {

  private final TxnStore store;
  private final SnapshotReader reader;
  /** The fake checks regions itself; the core sees one local region covering every key. */
  private final RequestContext ctx;

  public TxnStoreAdapter(KvEngine engine) {
    LocalRegionEngine regions = LocalRegionEngine.singleRegion(engine);
    this.ctx = regions.contextFor(1, KeyMode.TXN);
    this.store = new TxnStore(regions, new Latches(256), new LockWaitManager(new DeadlockDetector()));
    this.reader = new SnapshotReader(regions);
  }

  private static ReadOptions readOptions(io.cairn.proto.kvrpcpb.Context ctx) {
    return new ReadOptions(new HashSet<>(ctx.getResolvedLocksList()), new HashSet<>(ctx.getCommittedLocksList()));
  }

  private static byte[] bytes(ByteString b) {
    return b.toByteArray();
  }

  private static byte[] bound(ByteString b) {
    return b.isEmpty() ? null : b.toByteArray();
  }

  public GetResponse get(GetRequest req) {
    KvEntry e = reader.get(ctx, bytes(req.getKey()), req.getVersion(), readOptions(req.getContext()));
    GetResponse.Builder b = GetResponse.newBuilder();
    if (e.isError()) {
      return b.setError(keyError(e.error())).build();
    }
    if (e.value() == null) {
      return b.setNotFound(true).build();
    }
    return b.setValue(ByteString.copyFrom(e.value())).build();
  }

  public BatchGetResponse batchGet(BatchGetRequest req) {
    List<byte[]> keys = req.getKeysList().stream().map(ByteString::toByteArray).toList();
    BatchGetResponse.Builder b = BatchGetResponse.newBuilder();
    for (KvEntry e : reader.batchGet(ctx, keys, req.getVersion(), readOptions(req.getContext()))) {
      if (e.isError()) {
        b.addPairs(KvPair.newBuilder().setKey(ByteString.copyFrom(e.key())).setError(keyError(e.error())));
      } else if (e.value() != null) {
        b.addPairs(KvPair.newBuilder().setKey(ByteString.copyFrom(e.key())).setValue(ByteString.copyFrom(e.value())));
      }
    }
    return b.build();
  }

  /**
   * Forward: {@code [start_key, end_key)}; reverse: {@code [end_key, start_key)}; an empty
   * bound is the region's bound. Both are clipped to {@code [regionStart, regionEnd)}.
   */
  public ScanResponse scan(ScanRequest req, byte[] regionStart, byte[] regionEnd) {
    byte[] lower = req.getReverse() ? bytes(req.getEndKey()) : bytes(req.getStartKey());
    byte[] upper = req.getReverse() ? bytes(req.getStartKey()) : bytes(req.getEndKey());
    lower = max(lower, regionStart);
    upper = upper.length == 0 ? regionEnd : regionEnd.length == 0 ? upper : min(upper, regionEnd);
    ScanResponse.Builder b = ScanResponse.newBuilder();
    if (upper.length > 0 && java.util.Arrays.compareUnsigned(lower, upper) >= 0) {
      return b.build();
    }
    List<KvEntry> entries = reader.scan(ctx, lower.length == 0 ? null : lower, upper.length == 0 ? null : upper,
        req.getLimit(), req.getVersion(), req.getKeyOnly(), req.getReverse(), readOptions(req.getContext()));
    for (KvEntry e : entries) {
      KvPair.Builder p = KvPair.newBuilder().setKey(ByteString.copyFrom(e.key()));
      if (e.isError()) {
        p.setError(keyError(e.error()));
      } else if (e.value() != null) {
        p.setValue(ByteString.copyFrom(e.value()));
      }
      b.addPairs(p);
    }
    return b.build();
  }

  private static byte[] max(byte[] a, byte[] b) {
    return java.util.Arrays.compareUnsigned(a, b) >= 0 ? a : b;
  }

  private static byte[] min(byte[] a, byte[] b) {
    return java.util.Arrays.compareUnsigned(a, b) <= 0 ? a : b;
  }

  public PrewriteResponse prewrite(PrewriteRequest req) {
    List<Mutation> mutations = new ArrayList<>();
    for (var m : req.getMutationsList()) {
      byte[] k = bytes(m.getKey());
      mutations.add(switch (m.getOp()) {
        case Put -> Mutation.put(k, bytes(m.getValue()));
        case Del -> Mutation.delete(k);
        case Lock -> Mutation.lock(k);
        case Insert -> Mutation.insert(k, bytes(m.getValue()));
        case CheckNotExists -> Mutation.checkNotExists(k);
        default -> throw new IllegalArgumentException("prewrite cannot carry op " + m.getOp());
      });
    }
    PrewriteResult r = store.prewrite(ctx, new io.cairn.storage.txn.PrewriteRequest(mutations, bytes(req.getPrimaryLock()),
        req.getStartVersion(), req.getLockTtl(), req.getTxnSize(), req.getForUpdateTs(), req.getIsPessimisticLockList(),
        req.getMinCommitTs()));
    PrewriteResponse.Builder b = PrewriteResponse.newBuilder().setMinCommitTs(r.minCommitTs());
    r.errors().forEach(e -> b.addErrors(keyError(e)));
    return b.build();
  }

  public CommitResponse commit(CommitRequest req) {
    List<byte[]> keys = req.getKeysList().stream().map(ByteString::toByteArray).toList();
    Optional<KeyError> err = store.commit(ctx, keys, req.getStartVersion(), req.getCommitVersion());
    CommitResponse.Builder b = CommitResponse.newBuilder();
    err.ifPresentOrElse(e -> b.setError(keyError(e)), () -> b.setCommitVersion(req.getCommitVersion()));
    return b.build();
  }

  public BatchRollbackResponse batchRollback(BatchRollbackRequest req) {
    List<byte[]> keys = req.getKeysList().stream().map(ByteString::toByteArray).toList();
    BatchRollbackResponse.Builder b = BatchRollbackResponse.newBuilder();
    store.rollback(ctx, keys, req.getStartVersion()).ifPresent(e -> b.setError(keyError(e)));
    return b.build();
  }

  public CheckTxnStatusResponse checkTxnStatus(CheckTxnStatusRequest req) {
    Outcome<TxnStatus> o = store.checkTxnStatus(ctx, bytes(req.getPrimaryKey()), req.getLockTs(), req.getCallerStartTs(),
        req.getCurrentTs(), req.getRollbackIfNotExist(), req.getResolvingPessimisticLock());
    CheckTxnStatusResponse.Builder b = CheckTxnStatusResponse.newBuilder();
    if (!o.isOk()) {
      return b.setError(keyError(o.error())).build();
    }
    switch (o.value()) {
      case TxnStatus.Committed c -> b.setCommitVersion(c.commitTs());
      case TxnStatus.RolledBack r -> b.setAction(switch (r.how()) {
        case TTL_EXPIRED -> Action.TTLExpireRollback;
        case LOCK_NOT_EXIST -> Action.LockNotExistRollback;
        case PESSIMISTIC_ROLLED_BACK -> Action.TTLExpirePessimisticRollback;
        default -> Action.NoAction;
      });
      case TxnStatus.Uncommitted u -> b.setLockTtl(u.ttl())
          .setAction(u.minCommitTsPushed() ? Action.MinCommitTSPushed : Action.NoAction)
          .setLockInfo(lockInfo(u.lock().toLockInfo(bytes(req.getPrimaryKey()))));
    }
    return b.build();
  }

  public TxnHeartBeatResponse heartbeat(TxnHeartBeatRequest req) {
    Outcome<Long> o = store.txnHeartbeat(ctx, bytes(req.getPrimaryLock()), req.getStartVersion(), req.getAdviseLockTtl());
    TxnHeartBeatResponse.Builder b = TxnHeartBeatResponse.newBuilder();
    if (!o.isOk()) {
      return b.setError(keyError(o.error())).build();
    }
    return b.setLockTtl(o.value()).build();
  }

  public ResolveLockResponse resolveLock(ResolveLockRequest req, byte[] regionStart, byte[] regionEnd) {
    Optional<KeyError> err;
    if (req.getKeysCount() > 0) {
      err = store.resolveLockLite(ctx, req.getStartVersion(), req.getCommitVersion(),
          req.getKeysList().stream().map(ByteString::toByteArray).toList());
    } else {
      Map<Long, Long> status = new HashMap<>();
      if (req.getStartVersion() != 0) {
        status.put(req.getStartVersion(), req.getCommitVersion());
      }
      req.getTxnInfosList().forEach(t -> status.put(t.getTxn(), t.getStatus()));
      err = store.resolveLock(ctx, status, regionStart.length == 0 ? null : regionStart, regionEnd.length == 0 ? null : regionEnd);
    }
    ResolveLockResponse.Builder b = ResolveLockResponse.newBuilder();
    err.ifPresent(e -> b.setError(keyError(e)));
    return b.build();
  }

  /** A negative or zero {@code wait_timeout} does not wait. */
  public PessimisticLockResponse pessimisticLock(PessimisticLockRequest req) throws InterruptedException {
    List<byte[]> keys = new ArrayList<>();
    for (var m : req.getMutationsList()) {
      if (m.getOp() != Op.PessimisticLock) {
        throw new IllegalArgumentException("pessimistic lock request with op " + m.getOp());
      }
      keys.add(bytes(m.getKey()));
    }
    PessimisticLockResult r = store.acquirePessimisticLock(ctx, new io.cairn.storage.txn.PessimisticLockRequest(
        keys, List.of(), bytes(req.getPrimaryLock()), req.getStartVersion(), req.getLockTtl(), req.getForUpdateTs(),
        Math.max(0, req.getWaitTimeout()), req.getReturnValues(), req.getMinCommitTs()));
    PessimisticLockResponse.Builder b = PessimisticLockResponse.newBuilder();
    if (!r.isOk()) {
      return b.addErrors(keyError(r.error())).build();
    }
    if (r.values() != null) {
      for (byte[] v : r.values()) {
        b.addValues(v == null ? ByteString.EMPTY : ByteString.copyFrom(v));
        b.addNotFounds(v == null);
      }
    }
    return b.build();
  }

  public PessimisticRollbackResponse pessimisticRollback(PessimisticRollbackRequest req) {
    store.pessimisticRollback(ctx, req.getKeysList().stream().map(ByteString::toByteArray).toList(),
        req.getStartVersion(), req.getForUpdateTs());
    return PessimisticRollbackResponse.getDefaultInstance();
  }

  // ---- conversions -----------------------------------------------------------------------------

  static io.cairn.proto.kvrpcpb.LockInfo lockInfo(LockInfo l) {
    return io.cairn.proto.kvrpcpb.LockInfo.newBuilder()
        .setPrimaryLock(ByteString.copyFrom(l.primaryLock()))
        .setLockVersion(l.lockVersion())
        .setKey(ByteString.copyFrom(l.key()))
        .setLockTtl(l.lockTtl())
        .setTxnSize(l.txnSize())
        .setLockType(switch (l.lockType()) {
          case PUT -> Op.Put;
          case DELETE -> Op.Del;
          case LOCK -> Op.Lock;
          case PESSIMISTIC -> Op.PessimisticLock;
        })
        .setLockForUpdateTs(l.lockForUpdateTs())
        .setMinCommitTs(l.minCommitTs())
        .build();
  }

  static io.cairn.proto.kvrpcpb.KeyError keyError(KeyError e) {
    var b = io.cairn.proto.kvrpcpb.KeyError.newBuilder();
    switch (e) {
      case KeyError.Locked l -> b.setLocked(lockInfo(l.lock()));
      case KeyError.WriteConflict w -> b.setConflict(io.cairn.proto.kvrpcpb.WriteConflict.newBuilder()
          .setStartTs(w.startTs()).setConflictTs(w.conflictStartTs()).setConflictCommitTs(w.conflictCommitTs())
          .setKey(ByteString.copyFrom(w.key())).setPrimary(ByteString.copyFrom(w.primary())));
      case KeyError.AlreadyExist a -> b.setAlreadyExist(io.cairn.proto.kvrpcpb.AlreadyExist.newBuilder().setKey(ByteString.copyFrom(a.key())));
      case KeyError.TxnNotFound t -> b.setTxnNotFound(io.cairn.proto.kvrpcpb.TxnNotFound.newBuilder()
          .setStartTs(t.startTs()).setPrimaryKey(ByteString.copyFrom(t.primaryKey())));
      case KeyError.Deadlock d -> b.setDeadlock(io.cairn.proto.kvrpcpb.Deadlock.newBuilder()
          .setLockTs(d.lockTs()).setLockKey(ByteString.copyFrom(d.lockKey())).setDeadlockKeyHash(d.deadlockKeyHash()));
      case KeyError.CommitTsExpired c -> b.setCommitTsExpired(io.cairn.proto.kvrpcpb.CommitTsExpired.newBuilder()
          .setStartTs(c.startTs()).setAttemptedCommitTs(c.attemptedCommitTs()).setKey(ByteString.copyFrom(c.key()))
          .setMinCommitTs(c.minCommitTs()));
      case KeyError.TxnLockNotFound t -> b.setRetryable(t.toString());
      case KeyError.Committed c -> b.setAbort("transaction " + c.startTs() + " already committed at " + c.commitTs());
      case KeyError.Abort a -> b.setAbort(a.message());
    }
    return b.build();
  }
}
