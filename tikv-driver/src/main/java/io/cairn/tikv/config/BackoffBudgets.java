package io.cairn.tikv.config;

import io.cairn.tikv.retry.Backoffer;

/**
 * The total backoff budget, in milliseconds, of one region task by kind of operation: how long
 * a task may sleep between retries before it gives up with its backoff kind's error.
 *
 * @param readMillis a get, a batch-get batch, a scan (client-go's 20 s)
 * @param writeMillis a prewrite or commit batch, a pessimistic lock call (client-go's 40 s)
 * @param copMillis a coprocessor region task, re-split pieces included (client-go's
 *     {@code copNextMaxBackoff}, 20 s)
 */
public record BackoffBudgets(long readMillis, long writeMillis, long copMillis) {

  /** The largest budget accepted: one hour. */
  public static final long MAX_MILLIS = 3_600_000;

  public BackoffBudgets {
    check("read", readMillis);
    check("write", writeMillis);
    check("coprocessor", copMillis);
  }

  private static void check(String what, long ms) {
    if (ms < 0 || ms > MAX_MILLIS) {
      throw new IllegalArgumentException(what + " backoff budget must be in [0, " + MAX_MILLIS + "] ms: " + ms);
    }
  }

  /** client-go's budgets. */
  public static BackoffBudgets defaults() {
    return new BackoffBudgets(Backoffer.GET_BUDGET_MS, Backoffer.PREWRITE_BUDGET_MS, Backoffer.COPROCESSOR_BUDGET_MS);
  }

  public BackoffBudgets withReadMillis(long ms) {
    return new BackoffBudgets(ms, writeMillis, copMillis);
  }

  public BackoffBudgets withWriteMillis(long ms) {
    return new BackoffBudgets(readMillis, ms, copMillis);
  }

  public BackoffBudgets withCopMillis(long ms) {
    return new BackoffBudgets(readMillis, writeMillis, ms);
  }
}
