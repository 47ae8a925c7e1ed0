package io.cairn.tikv.txn.lock;

import io.cairn.kv.Timestamps;
import io.cairn.proto.kvrpcpb.Action;
import io.cairn.proto.kvrpcpb.CheckTxnStatusRequest;
import io.cairn.proto.kvrpcpb.CheckTxnStatusResponse;
import io.cairn.proto.kvrpcpb.Context;
import io.cairn.proto.kvrpcpb.LockInfo;
import io.cairn.proto.kvrpcpb.Op;
import io.cairn.proto.kvrpcpb.PessimisticRollbackRequest;
import io.cairn.proto.kvrpcpb.ResolveLockRequest;
import io.cairn.proto.kvrpcpb.ResolveLockResponse;
import io.cairn.tikv.error.KeyErrorException;
import io.cairn.tikv.region.CachedRegion;
import io.cairn.tikv.region.RegionVerId;
import io.cairn.tikv.retry.BackoffKind;
import io.cairn.tikv.retry.Backoffer;
import io.cairn.tikv.rpc.KvRpc;
import io.cairn.tikv.rpc.RequestOptions;
import io.cairn.tikv.rpc.RpcKind;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves the locks a request met, after client-go's {@code LockResolver}.
 *
 * <p>For each lock: learn the owner's status with {@code CheckTxnStatus} on its primary key
 * (with the caller's start ts, so a reader can push the owner's {@code min_commit_ts} past its
 * snapshot instead of waiting, and the current ts from PD, so an expired owner is rolled
 * back). {@code TxnNotFound} means the primary is not written yet: while the lock's TTL runs the
 * resolver backs off {@code TXN_NOT_FOUND} and asks again; once it expired it asks with
 * {@code rollback_if_not_exist}, which writes a protected rollback so a late prewrite fails.
 * Then a committed or rolled-back owner's lock is resolved: one key at a time ("lite") when
 * the owner is small, otherwise every lock of the owner in the lock's region at once;
 * pessimistic locks (which never hold data) are removed with {@code KVPessimisticRollback}.
 * Final statuses are remembered in a bounded cache, so a reader meeting many locks of one
 * dead transaction checks its primary once.
 *
 * <p>The resolver never sleeps for a live lock: it reports how long the earliest live lock
 * has left and the caller backs off ({@code TXN_LOCK_FAST} for reads, {@code TXN_LOCK} for
 * writes) at most that long. Thread-safe.
 */
public final class LockResolver {

  /** What resolving achieved. */
  public record Resolution(long msBeforeExpired, Set<Long> pushed) {
    /** True when every lock is gone or may be bypassed: retry at once. */
    public boolean allResolved() {
      return msBeforeExpired <= 0;
    }
  }

  /** A transaction's status as CheckTxnStatus reported it. */
  record TxnStatus(long ttl, long commitTs, Action action, long currentTs) {
    boolean isFinal() {
      return ttl == 0;
    }
  }

  private static final int RESOLVED_CACHE_SIZE = 2048;

  private final KvRpc rpc;
  private final TsoClock tso;
  private final int liteThreshold;
  private final Map<Long, Long> resolved =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
          return size() > RESOLVED_CACHE_SIZE;
        }
      };

  public LockResolver(KvRpc rpc, TsoClock tso, int liteThreshold) {
    this.rpc = rpc;
    this.tso = tso;
    this.liteThreshold = liteThreshold;
  }

  /**
   * Resolves {@code locks} met by a request of transaction (or snapshot) {@code callerStartTs}.
   *
   * @param forRead true for snapshot reads: a live owner whose min_commit_ts was pushed past
   *     the caller is reported in {@link Resolution#pushed()} and does not make the caller wait
   */
  public Resolution resolve(Backoffer bo, long callerStartTs, List<LockInfo> locks, boolean forRead) {
    long wait = 0;
    Set<Long> pushed = new HashSet<>();
    Set<RegionVerId> cleanedByTxn = new HashSet<>();
    for (LockInfo lock : locks) {
      Long known = cachedFinal(lock.getLockVersion());
      TxnStatus status = known != null
          ? new TxnStatus(0, known, Action.NoAction, 0)
          : checkTxnStatus(bo, lock, forRead ? callerStartTs : 0);
      if (status.isFinal()) {
        remember(lock.getLockVersion(), status.commitTs());
        resolveLock(bo, lock, status.commitTs(), cleanedByTxn);
        continue;
      }
      if (forRead && status.action() == Action.MinCommitTSPushed) {
        pushed.add(lock.getLockVersion());
        continue;
      }
      long left = Timestamps.physicalMillis(lock.getLockVersion()) + status.ttl() - Timestamps.physicalMillis(status.currentTs());
      long ms = Math.max(left, 1);
      wait = wait == 0 ? ms : Math.min(wait, ms);
    }
    return new Resolution(wait, pushed);
  }

  /** The commit ts (0 = rolled back) of a transaction known to have ended, or null. */
  public Long cachedFinal(long startTs) {
    synchronized (resolved) {
      return resolved.get(startTs);
    }
  }

  private void remember(long startTs, long commitTs) {
    synchronized (resolved) {
      resolved.put(startTs, commitTs);
    }
  }

  TxnStatus checkTxnStatus(Backoffer bo, LockInfo lock, long callerStartTs) {
    boolean rollbackIfNotExist = false;
    while (true) {
      long currentTs = tso.next(bo);
      CheckTxnStatusRequest req = CheckTxnStatusRequest.newBuilder()
          .setContext(Context.getDefaultInstance())
          .setPrimaryKey(lock.getPrimaryLock())
          .setLockTs(lock.getLockVersion())
          .setCallerStartTs(callerStartTs)
          .setCurrentTs(currentTs)
          .setRollbackIfNotExist(rollbackIfNotExist)
          .setResolvingPessimisticLock(lock.getLockType() == Op.PessimisticLock)
          .build();
      CheckTxnStatusResponse resp =
          rpc.sendToKey(bo, RpcKind.KV_CHECK_TXN_STATUS, lock.getPrimaryLock().toByteArray(), req, RequestOptions.LEADER);
      if (resp.hasError()) {
        if (!resp.getError().hasTxnNotFound()) {
          throw new KeyErrorException(resp.getError());
        }
        long left = Timestamps.physicalMillis(lock.getLockVersion()) + lock.getLockTtl() - Timestamps.physicalMillis(currentTs);
        if (left <= 0) {
          // The primary never arrived and the lock's TTL is over: roll it back for good.
          rollbackIfNotExist = true;
        } else {
          bo.backoffAtMost(BackoffKind.TXN_NOT_FOUND, left, new KeyErrorException(resp.getError()));
        }
        continue;
      }
      if (resp.getCommitVersion() != 0) {
        return new TxnStatus(0, resp.getCommitVersion(), resp.getAction(), currentTs);
      }
      return new TxnStatus(resp.getLockTtl(), 0, resp.getAction(), currentTs);
    }
  }

  private void resolveLock(Backoffer bo, LockInfo lock, long commitTs, Set<RegionVerId> cleanedByTxn) {
    byte[] key = lock.getKey().toByteArray();
    if (lock.getLockType() == Op.PessimisticLock) {
      // A pessimistic lock holds no data: whatever its owner's fate, it only has to go.
      PessimisticRollbackRequest req = PessimisticRollbackRequest.newBuilder()
          .setContext(Context.getDefaultInstance())
          .setStartVersion(lock.getLockVersion())
          .setForUpdateTs(lock.getLockForUpdateTs())
          .addKeys(lock.getKey())
          .build();
      var resp = rpc.sendToKey(bo, RpcKind.KV_PESSIMISTIC_ROLLBACK, key, req, RequestOptions.LEADER);
      if (resp.getErrorsCount() > 0) {
        throw new KeyErrorException(resp.getErrors(0));
      }
      return;
    }
    boolean lite = lock.getTxnSize() < liteThreshold;
    while (true) {
      CachedRegion region = rpc.regionCache().locateKey(key, bo);
      if (!lite && cleanedByTxn.contains(region.verId())) {
        return;
      }
      ResolveLockRequest.Builder b = ResolveLockRequest.newBuilder()
          .setContext(Context.getDefaultInstance())
          .setStartVersion(lock.getLockVersion())
          .setCommitVersion(commitTs);
      if (lite) {
        b.addKeys(lock.getKey());
      }
      ResolveLockResponse resp = rpc.sendInRegion(bo, RpcKind.KV_RESOLVE_LOCK, region, b.build(), RequestOptions.LEADER);
      if (resp == null) {
        continue;
      }
      if (resp.hasError()) {
        throw new KeyErrorException(resp.getError());
      }
      if (!lite) {
        cleanedByTxn.add(region.verId());
      }
      return;
    }
  }
}
