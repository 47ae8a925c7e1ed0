package io.cairn.storage.txn;

import java.util.List;

/**
 * kv_pessimistic_lock.
 *
 * @param keys raw user keys
 * @param shouldNotExist per key (empty = none): fail with AlreadyExist if a value is committed
 * @param waitTimeoutMs how long to wait for another transaction's lock; ≤ 0 fails at once
 * @param returnValues whether to return the latest committed values of the keys
 */
public record PessimisticLockRequest(
    List<byte[]> keys,
    List<Boolean> shouldNotExist,
    byte[] primary,
    long startTs,
    long lockTtl,
    long forUpdateTs,
    long waitTimeoutMs,
    boolean returnValues,
    long minCommitTs) {

  public PessimisticLockRequest {
    keys = List.copyOf(keys);
    shouldNotExist = List.copyOf(shouldNotExist);
    if (!shouldNotExist.isEmpty() && shouldNotExist.size() != keys.size()) {
      throw new IllegalArgumentException("should-not-exist flags do not match keys");
    }
    if (forUpdateTs < startTs) {
      throw new IllegalArgumentException("for_update_ts " + forUpdateTs + " < start_ts " + startTs);
    }
  }

  public static PessimisticLockRequest of(
      List<byte[]> keys, byte[] primary, long startTs, long forUpdateTs, long lockTtl,
      long waitTimeoutMs) {
    return new PessimisticLockRequest(keys, List.of(), primary, startTs, lockTtl, forUpdateTs,
        waitTimeoutMs, false, forUpdateTs + 1);
  }
}
