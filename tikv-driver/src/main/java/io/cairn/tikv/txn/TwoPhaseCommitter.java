package io.cairn.tikv.txn;

import com.google.protobuf.ByteString;
import io.cairn.kv.Key;
import io.cairn.proto.kvrpcpb.BatchRollbackRequest;
import io.cairn.proto.kvrpcpb.CommitRequest;
import io.cairn.proto.kvrpcpb.CommitResponse;
import io.cairn.proto.kvrpcpb.Context;
import io.cairn.proto.kvrpcpb.KeyError;
import io.cairn.proto.kvrpcpb.LockInfo;
import io.cairn.proto.kvrpcpb.Mutation;
import io.cairn.proto.kvrpcpb.Op;
import io.cairn.proto.kvrpcpb.PrewriteRequest;
import io.cairn.proto.kvrpcpb.PrewriteResponse;
import io.cairn.proto.kvrpcpb.WriteConflict;
import io.cairn.tikv.error.KeyErrorException;
import io.cairn.tikv.error.UndeterminedCommitException;
import io.cairn.tikv.region.CachedRegion;
import io.cairn.tikv.retry.BackoffKind;
import io.cairn.tikv.retry.Backoffer;
import io.cairn.tikv.rpc.RequestOptions;
import io.cairn.tikv.rpc.RpcKind;
import io.cairn.tikv.txn.lock.LockResolver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Percolator two-phase commit of one transaction's mutations (client-go's
 * {@code twoPhaseCommitter}).
 *
 * <ol>
 *   <li>Prewrite: mutations are grouped by region and cut into batches of
 *       {@code commitBatchBytes}; the batches in the primary's region go first, the rest in
 *       parallel. Every lock carries the primary, the start ts, a TTL from the transaction size
 *       and {@code min_commit_ts = start_ts + 1} (so readers can push it instead of waiting).
 *       A batch that meets other transactions' locks resolves them and retries after a
 *       {@code TXN_LOCK} backoff bounded by their TTL; a write conflict or an existing key fails
 *       the commit, and so does another transaction's pessimistic lock taken at a for-update
 *       ts after our start ts (that transaction wins whether or not it has committed yet).
 *   <li>A commit ts from PD.
 *   <li>Commit of the primary key alone: this is the commit point. A transport failure there is
 *       retried with the same commit ts (commit is idempotent), and the node's first answer
 *       decides; the outcome is undetermined only when no answer comes before the budget is
 *       spent. {@code commit_ts_expired} (a reader pushed the primary's min_commit_ts) takes a
 *       newer commit ts and tries again.
 *   <li>Secondaries commit asynchronously on the pool; a failure there is harmless, readers
 *       resolve the leftover locks from the committed primary.
 * </ol>
 *
 * Any failure before the commit point rolls back every prewritten key ({@code KvBatchRollback})
 * before the error is rethrown.
 *
 * <p>One-phase commit (client-go's 1PC, when {@link io.cairn.tikv.config.RuntimeSettings#onePcEnabled}):
 * a transaction whose mutations fit in one batch ({@code commitBatchBytes}) and lie in one
 * region sends a single prewrite with {@code try_one_pc}. A non-zero {@code one_pc_commit_ts}
 * is the commit ts: the node wrote commit records, not locks, so there is no commit RPC and no
 * secondaries. Zero means the node fell back to a plain prewrite of every key (its max_ts not
 * yet synced after a leader change, or a retried request): the commit continues at step 2. A
 * region error that moves keys into several regions sends the transaction down the two-phase
 * path; a transport failure after sending is undetermined, as a primary commit's. One committer
 * per commit; not thread-safe.
 */
final class TwoPhaseCommitter {

  private static final Logger LOG = LoggerFactory.getLogger(TwoPhaseCommitter.class);

  /** One key's mutation. {@code pessimisticLock} marks a key this transaction locked already. */
  record Mut(byte[] key, Op op, byte[] value, boolean pessimisticLock) {}

  private final TxnEnv env;
  private final long startTs;
  private final byte[] primary;
  private final long forUpdateTs;
  private final long lockTtl;
  private final Map<Key, Mut> byKey = new LinkedHashMap<>();
  private final List<byte[]> keys = new ArrayList<>();
  private long commitTs;

  /**
   * @param mutations sorted by key, distinct, containing {@code primary}
   * @param forUpdateTs the largest for-update ts of a pessimistic transaction, 0 if optimistic
   */
  TwoPhaseCommitter(TxnEnv env, long startTs, byte[] primary, List<Mut> mutations, long forUpdateTs, long lockTtl) {
    this.env = env;
    this.startTs = startTs;
    this.primary = primary;
    this.forUpdateTs = forUpdateTs;
    this.lockTtl = lockTtl;
    for (Mut m : mutations) {
      byKey.put(Key.wrap(m.key()), m);
      keys.add(m.key());
    }
    if (!byKey.containsKey(Key.wrap(primary))) {
      throw new IllegalArgumentException("the primary key is not among the mutations");
    }
  }

  private long sizeOf(byte[] key) {
    Mut m = byKey.get(Key.wrap(key));
    return key.length + (m.value() == null ? 0 : m.value().length);
  }

  /** Runs both phases (or one); returns the commit ts. */
  long execute() {
    boolean committed = false;
    try {
      long onePcTs = onePcEligible() ? tryOnePc() : NOT_ONE_PC;
      if (onePcTs > 0) {
        commitTs = onePcTs;
        committed = true;
        return commitTs;
      }
      if (onePcTs == NOT_ONE_PC) {
        prewrite();
      }
      Backoffer bo = env.rpc().backoffer(env.writeBudgetMillis());
      commitTs = env.tso().next(bo);
      commitPrimary(bo);
      committed = true;
    } catch (UndeterminedCommitException e) {
      committed = true;
      throw e;
    } finally {
      if (!committed) {
        rollbackQuietly();
      }
    }
    commitSecondariesAsync();
    return commitTs;
  }

  // ---- one-phase commit ----------------------------------------------------------------------

  /** {@link #tryOnePc}: nothing was written, commit in two phases from the start. */
  private static final long NOT_ONE_PC = -1;
  /** {@link #tryOnePc}: every key was prewritten (the node fell back), commit them. */
  private static final long PREWRITTEN = 0;

  private boolean onePcEligible() {
    if (!env.readEnv().settings().onePcEnabled()) {
      return false;
    }
    long size = 0;
    for (byte[] k : keys) {
      size += sizeOf(k);
    }
    return size <= env.config().commitBatchBytes();
  }

  /**
   * @return the commit ts, {@link #PREWRITTEN} or {@link #NOT_ONE_PC}
   * @throws UndeterminedCommitException when the request failed in transport after sending
   */
  private long tryOnePc() {
    Backoffer bo = env.rpc().backoffer(env.writeBudgetMillis());
    while (true) {
      var groups = env.rpc().regionCache().groupKeysByRegion(keys, bo);
      if (groups.size() != 1) {
        return NOT_ONE_PC;
      }
      PrewriteResponse resp = prewriteRegion(bo, groups.get(0).region(), keys, true);
      if (resp != null) {
        return resp.getOnePcCommitTs() != 0 ? resp.getOnePcCommitTs() : PREWRITTEN;
      }
      // the region changed: group the keys again, maybe into several regions
    }
  }

  // ---- prewrite ------------------------------------------------------------------------------

  private void prewrite() {
    Backoffer bo = env.rpc().backoffer(env.writeBudgetMillis());
    List<byte[]> primaryRegion = new ArrayList<>();
    List<byte[]> others = new ArrayList<>();
    splitByPrimaryRegion(bo, primaryRegion, others);
    env.rpc().forEachBatch(bo, primaryRegion, this::sizeOf, env.config().commitBatchBytes(), false, this::prewriteBatch);
    if (!others.isEmpty()) {
      env.rpc().forEachBatch(bo, others, this::sizeOf, env.config().commitBatchBytes(), true, this::prewriteBatch);
    }
  }

  private void splitByPrimaryRegion(Backoffer bo, List<byte[]> inPrimaryRegion, List<byte[]> others) {
    CachedRegion region = env.rpc().regionCache().locateKey(primary, bo);
    for (byte[] k : keys) {
      (region.contains(k) ? inPrimaryRegion : others).add(k);
    }
  }

  private boolean prewriteBatch(Backoffer bo, CachedRegion region, List<byte[]> batch) {
    return prewriteRegion(bo, region, batch, false) != null;
  }

  /**
   * Prewrites {@code batch} in {@code region}, resolving the locks it meets.
   *
   * @return the successful response, or null when the region changed
   */
  private PrewriteResponse prewriteRegion(
      Backoffer bo, CachedRegion region, List<byte[]> batch, boolean onePc) {
    while (true) {
      PrewriteRequest.Builder b = PrewriteRequest.newBuilder()
          .setContext(Context.getDefaultInstance())
          .setPrimaryLock(ByteString.copyFrom(primary))
          .setStartVersion(startTs)
          .setLockTtl(lockTtl)
          .setTxnSize(keys.size())
          .setForUpdateTs(forUpdateTs)
          .setMinCommitTs(startTs + 1)
          .setTryOnePc(onePc);
      for (byte[] k : batch) {
        Mut m = byKey.get(Key.wrap(k));
        Mutation.Builder mb = Mutation.newBuilder().setOp(m.op()).setKey(ByteString.copyFrom(k));
        if (m.value() != null) {
          mb.setValue(ByteString.copyFrom(m.value()));
        }
        b.addMutations(mb);
        if (forUpdateTs != 0) {
          b.addIsPessimisticLock(m.pessimisticLock());
        }
      }
      PrewriteResponse resp = env.rpc().sendInRegion(bo,
          onePc ? RpcKind.KV_PREWRITE_ONE_PC : RpcKind.KV_PREWRITE, region, b.build(),
          RequestOptions.LEADER);
      if (resp == null || resp.getErrorsCount() == 0) {
        return resp;
      }
      List<LockInfo> locks = new ArrayList<>();
      for (KeyError e : resp.getErrorsList()) {
        if (!e.hasLocked()) {
          throw new KeyErrorException(e);
        }
        LockInfo lock = e.getLocked();
        if (lock.getLockType() == Op.PessimisticLock && lock.getLockForUpdateTs() > startTs) {
          // A statement of that transaction read the key after our start: whichever way it
          // ends, we would lose the race, so give up now rather than wait out its lock.
          throw new KeyErrorException(KeyError.newBuilder().setConflict(WriteConflict.newBuilder()
              .setStartTs(startTs).setConflictTs(lock.getLockVersion()).setKey(lock.getKey())
              .setPrimary(lock.getPrimaryLock())).build());
        }
        locks.add(lock);
      }
      LockResolver.Resolution r = env.resolver().resolve(bo, startTs, locks, false);
      if (!r.allResolved()) {
        bo.backoffAtMost(BackoffKind.TXN_LOCK, r.msBeforeExpired(), new KeyErrorException(resp.getErrors(0)));
      }
    }
  }

  // ---- commit --------------------------------------------------------------------------------

  /**
   * Commits the primary key: the commit point. A transport failure of a commit that may have
   * reached the node is retried with the same commit ts under the same Backoffer, as client-go
   * does: a commit is idempotent (the node answers OK for a key already committed at that ts,
   * and {@code TxnLockNotFound} only when the transaction was rolled back), so the first answer
   * the node gives decides. Only when the retries end without any answer (budget spent) is the
   * outcome undetermined.
   */
  private void commitPrimary(Backoffer bo) {
    UndeterminedCommitException unanswered = null;
    while (true) {
      try {
        if (commitPrimaryOnce(bo)) {
          return;
        }
        unanswered = null; // the node answered: its answer, not the lost one, decides
      } catch (UndeterminedCommitException e) {
        if (unanswered == null) {
          unanswered = e;
        }
        try {
          bo.backoff(BackoffKind.TIKV_RPC, e);
        } catch (RuntimeException budgetOrInterrupt) {
          unanswered.addSuppressed(budgetOrInterrupt);
          throw unanswered;
        }
      } catch (KeyErrorException e) {
        throw e; // the node's answer: definite, whatever an earlier lost attempt did
      } catch (RuntimeException e) {
        if (unanswered != null) {
          // no answer from the node yet (budget spent, PD unreachable): still undetermined
          unanswered.addSuppressed(e);
          throw unanswered;
        }
        throw e;
      }
    }
  }

  /**
   * Sends the primary's commit once (region changes are followed inside); true when the node
   * confirmed it, false when a reader had pushed the lock's min_commit_ts and a newer commit ts
   * was taken.
   *
   * @throws UndeterminedCommitException when the request failed in transport
   * @throws KeyErrorException when the node refused the commit
   */
  private boolean commitPrimaryOnce(Backoffer bo) {
    CommitRequest req = CommitRequest.newBuilder()
        .setContext(Context.getDefaultInstance())
        .setStartVersion(startTs)
        .addKeys(ByteString.copyFrom(primary))
        .setCommitVersion(commitTs)
        .build();
    CommitResponse resp = env.rpc().sendToKey(bo, RpcKind.KV_COMMIT, primary, req, RequestOptions.LEADER);
    if (!resp.hasError()) {
      return true;
    }
    KeyError err = resp.getError();
    if (err.hasCommitTsExpired()) {
      long min = err.getCommitTsExpired().getMinCommitTs();
      do {
        commitTs = env.tso().next(bo);
      } while (commitTs < min);
      return false;
    }
    throw new KeyErrorException(err);
  }

  private void commitSecondariesAsync() {
    List<byte[]> secondaries = new ArrayList<>(keys.size());
    for (byte[] k : keys) {
      if (!java.util.Arrays.equals(k, primary)) {
        secondaries.add(k);
      }
    }
    if (secondaries.isEmpty()) {
      return;
    }
    try {
      env.pool().execute(() -> {
        try {
          env.rpc().forEachBatch(env.rpc().backoffer(env.writeBudgetMillis()), secondaries, this::sizeOf,
              env.config().commitBatchBytes(), false, this::commitBatch);
        } catch (RuntimeException e) {
          // The primary is committed: readers that meet the leftover locks commit them.
          LOG.debug("secondary commit of transaction {} failed", startTs, e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("storage closing, secondaries of transaction {} left to lock resolution", startTs);
    }
  }

  private boolean commitBatch(Backoffer bo, CachedRegion region, List<byte[]> batch) {
    CommitRequest.Builder b = CommitRequest.newBuilder()
        .setContext(Context.getDefaultInstance())
        .setStartVersion(startTs)
        .setCommitVersion(commitTs);
    batch.forEach(k -> b.addKeys(ByteString.copyFrom(k)));
    CommitResponse resp = env.rpc().sendInRegion(bo, RpcKind.KV_COMMIT, region, b.build(), RequestOptions.LEADER);
    if (resp == null) {
      return false;
    }
    if (resp.hasError()) {
      throw new KeyErrorException(resp.getError());
    }
    return true;
  }

  // ---- rollback ------------------------------------------------------------------------------

  private void rollbackQuietly() {
    try {
      env.rpc().forEachBatch(env.rpc().backoffer(Backoffer.CLEANUP_BUDGET_MS), keys, k -> k.length,
          env.config().commitBatchBytes(), true, (bo, region, batch) -> {
            BatchRollbackRequest.Builder b = BatchRollbackRequest.newBuilder()
                .setContext(Context.getDefaultInstance())
                .setStartVersion(startTs);
            batch.forEach(k -> b.addKeys(ByteString.copyFrom(k)));
            var resp = env.rpc().sendInRegion(bo, RpcKind.KV_BATCH_ROLLBACK, region, b.build(), RequestOptions.LEADER);
            if (resp == null) {
              return false;
            }
            if (resp.hasError()) {
              throw new KeyErrorException(resp.getError());
            }
            return true;
          });
    } catch (RuntimeException e) {
      // Locks left behind expire with their TTL and are rolled back by whoever meets them.
      LOG.debug("rollback of transaction {} failed", startTs, e);
    }
  }
}
