package io.cairn.tikv.txn;

import io.cairn.tikv.config.TxnConfig;
import io.cairn.tikv.rpc.KvRpc;
import io.cairn.tikv.snapshot.ReadEnv;
import io.cairn.tikv.txn.lock.LockResolver;
import io.cairn.tikv.txn.lock.TsoClock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The shared machinery of one {@link TikvStorage} that its transactions work with. The storage
 * owns (and closes) all of it.
 *
 * @param pool the bounded executor for region fan-out and asynchronous secondary commits
 * @param scheduler runs lock TTL heartbeats
 */
record TxnEnv(
    KvRpc rpc,
    LockResolver resolver,
    TsoClock tso,
    TxnConfig config,
    ExecutorService pool,
    ScheduledExecutorService scheduler,
    ReadEnv readEnv) {

  /** The backoff budget of a prewrite, commit or lock batch, as set now. */
  long writeBudgetMillis() {
    return readEnv.settings().budgets().writeMillis();
  }
}
