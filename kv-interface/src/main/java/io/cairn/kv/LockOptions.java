package io.cairn.kv;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Transaction#lockKeys} takes pessimistic locks (TiDB's {@code LockCtx}, reduced
 * to what the SQL layer sets).
 *
 * @param forUpdateTs the statement's for-update timestamp: a key committed by another
 *     transaction after it is a {@link WriteConflictException}, which the SQL layer answers by
 *     re-running the statement at a newer for-update timestamp. Must be at least the
 *     transaction's start timestamp.
 * @param lockWaitTimeout how long to wait for another transaction's lock before a
 *     {@link LockWaitTimeoutException}; {@link Duration#ZERO} fails at once (NOWAIT)
 * @param returnValues return the newest committed values of the locked keys (a "current
 *     read": what SELECT ... FOR UPDATE and DML in a pessimistic transaction must see, rather
 *     than the values at the start timestamp)
 */
public record LockOptions(long forUpdateTs, Duration lockWaitTimeout, boolean returnValues) {
  public LockOptions {
    Objects.requireNonNull(lockWaitTimeout, "lockWaitTimeout");
    if (lockWaitTimeout.isNegative()) {
      throw new IllegalArgumentException("negative lock wait timeout " + lockWaitTimeout);
    }
    if (forUpdateTs <= 0) {
      throw new IllegalArgumentException("for-update timestamp must be positive: " + forUpdateTs);
    }
  }

  /** Options that lock without returning values. */
  public LockOptions(long forUpdateTs, Duration lockWaitTimeout) {
    this(forUpdateTs, lockWaitTimeout, false);
  }
}
