package io.cairn.tikv.txn;

import com.google.protobuf.ByteString;
import io.cairn.kv.Key;
import io.cairn.kv.SnapshotOptions;
import io.cairn.proto.kvrpcpb.Context;
import io.cairn.proto.kvrpcpb.KeyError;
import io.cairn.proto.kvrpcpb.Mutation;
import io.cairn.proto.kvrpcpb.Op;
import io.cairn.proto.kvrpcpb.PessimisticLockRequest;
import io.cairn.proto.kvrpcpb.PessimisticLockResponse;
import io.cairn.proto.kvrpcpb.PessimisticRollbackRequest;
import io.cairn.tikv.error.KeyErrorException;
import io.cairn.tikv.error.LockWaitExpiredException;
import io.cairn.tikv.region.CachedRegion;
import io.cairn.tikv.retry.BackoffKind;
import io.cairn.tikv.retry.Backoffer;
import io.cairn.tikv.rpc.RequestOptions;
import io.cairn.tikv.rpc.RpcKind;
import io.cairn.tikv.snapshot.TikvSnapshot;
import io.cairn.tikv.txn.lock.LockResolver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Pessimistic lock requests of one transaction (client-go's {@code actionPessimisticLock}).
 *
 * <p>Keys are grouped by region and locked one region batch after another in the calling
 * thread: a lock request may wait inside the node for another transaction's lock, and parking
 * such waits on the shared pool could starve the commits they wait for. Each request carries
 * the statement's for-update ts, the managed lock TTL (heartbeats keep it alive) and the time
 * left of the statement's lock wait ({@code wait_timeout}, -1 for none left). When the node
 * answers {@code locked}, the owner is checked (an expired or finished owner's lock is
 * resolved and the request repeated at once); a live owner after the wait is over is a lock
 * wait timeout. {@code deadlock} fails the call. {@code conflict} (a commit after the
 * for-update ts) fails it too when the key's value changed since the for-update ts: the
 * statement must run again at a newer for-update ts. When the value did not change (the
 * newer commit only locked the key, as a transaction that waited with us for the same lock
 * typically did) the statement's read is still current, and the lock is taken at a fresh
 * for-update ts instead, which is what the statement retry would do. Not thread-safe.
 */
final class PessimisticLocker {

  private final TxnEnv env;
  private final long startTs;
  private final LongSupplier nanoClock;

  PessimisticLocker(TxnEnv env, long startTs, LongSupplier nanoClock) {
    this.env = env;
    this.startTs = startTs;
    this.nanoClock = nanoClock;
  }

  /** Receives each key once its region batch is locked, with the for-update ts it was locked at. */
  @FunctionalInterface
  interface OnLocked {
    void locked(byte[] key, long forUpdateTs);
  }

  /**
   * Locks {@code keys} (sorted, distinct), reporting each locked key to {@code onLocked} and
   * putting the current values into {@code values} when asked.
   */
  void lock(List<byte[]> keys, byte[] primary, long forUpdateTs, Duration wait, boolean returnValues,
      Map<Key, byte[]> values, OnLocked onLocked) {
    long deadline = nanoClock.getAsLong() + wait.toNanos();
    Backoffer root = env.rpc().backoffer(env.writeBudgetMillis() + wait.toMillis());
    env.rpc().forEachBatch(root, keys, k -> 1, 256, false, (bo, region, batch) -> {
      long lockedAt = lockBatch(bo, region, batch, primary, forUpdateTs, deadline, returnValues, values);
      if (lockedAt == 0) {
        return false;
      }
      batch.forEach(k -> onLocked.locked(k, lockedAt));
      return true;
    });
  }

  /** Locks one batch; returns the for-update ts the locks took, 0 when the region changed. */
  private long lockBatch(Backoffer bo, CachedRegion region, List<byte[]> batch, byte[] primary, long statementTs,
      long deadline, boolean returnValues, Map<Key, byte[]> values) {
    long forUpdateTs = statementTs;
    while (true) {
      long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - nanoClock.getAsLong());
      PessimisticLockRequest.Builder b = PessimisticLockRequest.newBuilder()
          .setContext(Context.getDefaultInstance())
          .setPrimaryLock(ByteString.copyFrom(primary))
          .setStartVersion(startTs)
          .setLockTtl(env.config().managedLockTtl().toMillis())
          .setForUpdateTs(forUpdateTs)
          .setWaitTimeout(leftMs > 0 ? leftMs : -1)
          .setReturnValues(returnValues)
          .setMinCommitTs(forUpdateTs + 1);
      batch.forEach(k -> b.addMutations(Mutation.newBuilder().setOp(Op.PessimisticLock).setKey(ByteString.copyFrom(k))));
      PessimisticLockResponse resp = env.rpc().sendInRegion(bo, RpcKind.KV_PESSIMISTIC_LOCK, region, b.build(), RequestOptions.LEADER);
      if (resp == null) {
        return 0;
      }
      if (resp.getErrorsCount() == 0) {
        if (returnValues) {
          for (int i = 0; i < batch.size(); i++) {
            boolean notFound = i < resp.getNotFoundsCount() && resp.getNotFounds(i);
            if (!notFound && i < resp.getValuesCount()) {
              values.put(Key.copyOf(batch.get(i)), resp.getValues(i).toByteArray());
            }
          }
        }
        return forUpdateTs;
      }
      KeyError err = resp.getErrors(0);
      if (err.hasConflict()) {
        long now = env.tso().next(bo);
        if (!unchanged(err.getConflict().getKey().toByteArray(), statementTs, now)) {
          throw new KeyErrorException(err);
        }
        // Only lock records (or writes of the same value) came after the statement's read:
        // what it read is still current, so take the lock at a fresh for-update ts.
        forUpdateTs = now;
        continue;
      }
      if (!err.hasLocked()) {
        throw new KeyErrorException(err);
      }
      LockResolver.Resolution r = env.resolver().resolve(bo, 0, List.of(err.getLocked()), false);
      if (r.allResolved()) {
        continue;
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - nanoClock.getAsLong());
      if (left <= 0) {
        throw new LockWaitExpiredException("key " + Key.copyOf(err.getLocked().getKey().toByteArray())
            + " stays locked by transaction " + err.getLocked().getLockVersion());
      }
      bo.backoffAtMost(BackoffKind.TXN_LOCK, Math.min(left, r.msBeforeExpired()), new KeyErrorException(err));
    }
  }

  /** True when {@code key} reads the same at {@code before} and at {@code after}. */
  private boolean unchanged(byte[] key, long before, long after) {
    Key k = Key.wrap(key);
    byte[] then = new TikvSnapshot(env.readEnv(), before, SnapshotOptions.DEFAULT).get(k);
    byte[] now = new TikvSnapshot(env.readEnv(), after, SnapshotOptions.DEFAULT).get(k);
    return java.util.Arrays.equals(then, now);
  }

  /** Removes this transaction's pessimistic locks on {@code keys}; failures are left to the TTL. */
  void rollback(List<byte[]> keys, long forUpdateTs) {
    if (keys.isEmpty()) {
      return;
    }
    env.rpc().forEachBatch(env.rpc().backoffer(Backoffer.CLEANUP_BUDGET_MS), keys, k -> 1, 256, false, (bo, region, batch) -> {
      PessimisticRollbackRequest.Builder b = PessimisticRollbackRequest.newBuilder()
          .setContext(Context.getDefaultInstance())
          .setStartVersion(startTs)
          .setForUpdateTs(forUpdateTs);
      batch.forEach(k -> b.addKeys(ByteString.copyFrom(k)));
      var resp = env.rpc().sendInRegion(bo, RpcKind.KV_PESSIMISTIC_ROLLBACK, region, b.build(), RequestOptions.LEADER);
      if (resp == null) {
        return false;
      }
      if (resp.getErrorsCount() > 0) {
        throw new KeyErrorException(resp.getErrors(0));
      }
      return true;
    });
  }
}
