package io.cairn.tikv.txn;

import io.cairn.kv.Oracle;
import io.cairn.kv.Timestamps;
import io.cairn.tikv.error.ErrorTranslator;
import io.cairn.tikv.retry.BackoffMetrics;
import io.cairn.tikv.retry.Backoffer;
import io.cairn.tikv.txn.lock.TsoClock;
import java.util.function.LongSupplier;

/**
 * The {@link Oracle} over PD's TSO (client-go's {@code pdOracle}). Timestamps come from the
 * batched TSO stream; PD failures back off {@code PD_RPC} within a budget of
 * {@value #TSO_BUDGET_MS} ms and then fail with 9001. Lock expiry uses the local wall clock
 * against the lock's physical time, as client-go does. Only the global scope exists.
 * Thread-safe.
 */
final class TikvOracle implements Oracle {

  static final long TSO_BUDGET_MS = 10_000;

  private final TsoClock tso;
  private final LongSupplier wallMillis;
  private final Runnable checkOpen;
  private final BackoffMetrics backoffMetrics;

  TikvOracle(TsoClock tso, LongSupplier wallMillis, Runnable checkOpen, BackoffMetrics backoffMetrics) {
    this.tso = tso;
    this.wallMillis = wallMillis;
    this.checkOpen = checkOpen;
    this.backoffMetrics = backoffMetrics;
  }

  @Override
  public long getTimestamp(String txnScope) {
    checkOpen.run();
    requireGlobal(txnScope);
    try {
      return tso.next(Backoffer.withBudget(TSO_BUDGET_MS, backoffMetrics));
    } catch (RuntimeException e) {
      throw ErrorTranslator.translate(e, 0);
    }
  }

  @Override
  public boolean isExpired(long lockTs, long ttlMillis) {
    return Timestamps.physicalMillis(lockTs) + ttlMillis <= wallMillis.getAsLong();
  }

  @Override
  public long getStaleTimestamp(String txnScope, long prevSeconds) {
    if (prevSeconds < 0) {
      throw new IllegalArgumentException("negative staleness " + prevSeconds);
    }
    long physical = Timestamps.physicalMillis(getTimestamp(txnScope)) - prevSeconds * 1000;
    if (physical < 0) {
      throw new IllegalArgumentException(prevSeconds + " s reach before the epoch");
    }
    return Timestamps.compose(physical, 0);
  }

  private static void requireGlobal(String txnScope) {
    if (!io.cairn.kv.BeginOptions.GLOBAL_TXN_SCOPE.equals(txnScope)) {
      throw new IllegalArgumentException("only the global timestamp scope exists, not " + txnScope);
    }
  }
}
