package io.cairn.tikv.retry;

/**
 * The named backoff kinds of the driver, after client-go's {@code config/retry} table (see
 * {@code ../shared/design/protocol.md}). The sleep before attempt {@code n} (from 0) of a kind is
 * {@code min(cap, base * 2^n)}, spread by the kind's {@link Jitter}. When a region task's budget
 * runs out, the task fails with the kind's give-up error: a TiDB error number and message.
 */
public enum BackoffKind {
  /** A transport error talking to a storage node. */
  TIKV_RPC(100, 2_000, Jitter.EQUAL, 9002, "TiKV server timeout"),
  /** An error from PD. */
  PD_RPC(500, 3_000, Jitter.EQUAL, 9001, "PD server timeout"),
  /** Region not found, key not in region, stale epoch: the route is being refreshed. */
  REGION_MISS(2, 500, Jitter.NONE, 9005, "Region is unavailable"),
  /** NotLeader without a leader hint: an election is under way. */
  REGION_SCHEDULING(2, 500, Jitter.NONE, 9005, "Region is unavailable"),
  /** ServerIsBusy. */
  SERVER_BUSY(2_000, 10_000, Jitter.EQUAL, 9003, "TiKV server is busy"),
  /** StaleCommand: the Raft term changed under the command. */
  STALE_CMD(2, 1_000, Jitter.NONE, 9010, "TiKV server reports stale command"),
  /** A lock met while writing. */
  TXN_LOCK(100, 3_000, Jitter.EQUAL, 9004, "Resolve lock timeout"),
  /** A lock met while reading. */
  TXN_LOCK_FAST(10, 3_000, Jitter.EQUAL, 9004, "Resolve lock timeout"),
  /** CheckTxnStatus found no trace of the transaction yet. */
  TXN_NOT_FOUND(2, 500, Jitter.NONE, 9004, "Resolve lock timeout");

  private final long baseMillis;
  private final long capMillis;
  private final Jitter jitter;
  private final int giveUpErrno;
  private final String giveUpMessage;

  BackoffKind(long baseMillis, long capMillis, Jitter jitter, int giveUpErrno, String giveUpMessage) {
    this.baseMillis = baseMillis;
    this.capMillis = capMillis;
    this.jitter = jitter;
    this.giveUpErrno = giveUpErrno;
    this.giveUpMessage = giveUpMessage;
  }

  public long baseMillis() {
    return baseMillis;
  }

  public long capMillis() {
    return capMillis;
  }

  public Jitter jitter() {
    return jitter;
  }

  /** The TiDB error number a task fails with when its budget runs out on this kind. */
  public int giveUpErrno() {
    return giveUpErrno;
  }

  public String giveUpMessage() {
    return giveUpMessage;
  }
}
