package io.cairn.kv;

/**
 * The timestamp oracle (TiDB's {@code oracle.Oracle}; PD's TSO in a cluster).
 *
 * <p>Timestamps use the TSO layout described in {@link Timestamps}: physical milliseconds in
 * the high bits, a logical counter in the low 18 bits. {@link #getTimestamp} is strictly
 * increasing across all callers of one storage, which is what makes commit timestamps order
 * transactions. Thread-safe. The oracle belongs to its {@link Storage} and closes with it;
 * afterwards {@link #getTimestamp} throws {@link StorageClosedException}.
 */
public interface Oracle {

  /**
   * A new timestamp, greater than every timestamp handed out before in {@code txnScope}.
   *
   * @throws KvException (typically {@link ErrorCode#PD_SERVER_TIMEOUT}) if none can be had
   */
  long getTimestamp(String txnScope);

  /** A new global timestamp. */
  default long getTimestamp() {
    return getTimestamp(BeginOptions.GLOBAL_TXN_SCOPE);
  }

  /**
   * True when a lock written at {@code lockTs} with a time-to-live of {@code ttlMillis} has
   * expired by the oracle's clock, so another transaction may resolve it.
   */
  boolean isExpired(long lockTs, long ttlMillis);

  /**
   * A timestamp about {@code prevSeconds} in the past (physical part only, logical part 0), for
   * stale reads. It is not unique and must not be used as a commit timestamp.
   *
   * @throws IllegalArgumentException if {@code prevSeconds} is negative or reaches before the
   *     epoch
   */
  long getStaleTimestamp(String txnScope, long prevSeconds);
}
