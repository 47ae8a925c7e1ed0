package io.cairn.tikv.txn.lock;

import io.cairn.tikv.pd.PdClient;
import io.cairn.tikv.pd.PdException;
import io.cairn.tikv.retry.BackoffKind;
import io.cairn.tikv.retry.Backoffer;

/**
 * Fresh timestamps for the transaction layer: PD's TSO, retried under the caller's
 * {@link Backoffer} ({@code PD_RPC}) when PD fails retryably. Thread-safe.
 */
public final class TsoClock {

  private final PdClient pd;

  public TsoClock(PdClient pd) {
    this.pd = pd;
  }

  /** A timestamp greater than every one handed out before the call. */
  public long next(Backoffer bo) {
    while (true) {
      try {
        return pd.getTimestamp();
      } catch (PdException e) {
        if (!e.retryable()) {
          throw e;
        }
        bo.backoff(BackoffKind.PD_RPC, e);
      }
    }
  }
}
