package io.cairn.storage.mvcc;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A Percolator lock, the value of CF lock at {@code enc(key)}.
 *
 * <p>Serialized layout (all integers big-endian):
 *
 * <pre>
 *   u8   type tag         'P' put, 'D' delete, 'L' lock, 'S' pessimistic
 *   u32  primary length, then the primary's raw user key bytes
 *   u64  start_ts
 *   u64  ttl (ms, measured on the physical part of timestamps)
 *   u64  for_update_ts    (0 for optimistic transactions)
 *   u64  txn_size         (number of keys the transaction writes, a hint for resolvers)
 *   u64  min_commit_ts    (0 = not set)
 *   u8   flags            bit 0: a short value follows
 *   [u8  short value length (≤ 255), then the value bytes]
 * </pre>
 *
 * @param primary the raw user key of the transaction's primary lock
 * @param shortValue the value of a put of at most {@link Write#SHORT_VALUE_MAX_LEN} bytes, or
 *     {@code null} when the value lives in CF default (or there is none)
 */
public record Lock(
    LockType type,
    byte[] primary,
    long startTs,
    long ttl,
    long forUpdateTs,
    long txnSize,
    long minCommitTs,
    byte[] shortValue) {

  private static final int FLAG_SHORT_VALUE = 1;

  public Lock {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(primary, "primary");
    if (shortValue != null && shortValue.length > Write.SHORT_VALUE_MAX_LEN) {
      throw new IllegalArgumentException("short value too long: " + shortValue.length);
    }
  }

  public boolean isPessimisticLock() {
    return type == LockType.PESSIMISTIC;
  }

  /** Whether the lock belongs to a pessimistic transaction. */
  public boolean isPessimisticTxn() {
    return forUpdateTs != 0;
  }

  /** TiKV's rule: expired once the physical time of {@code currentTs} passes start + ttl. */
  public boolean isExpired(long currentTs) {
    return TimeStamps.physical(startTs) + ttl < TimeStamps.physical(currentTs);
  }

  public Lock withTtl(long newTtl) {
    return new Lock(type, primary, startTs, newTtl, forUpdateTs, txnSize, minCommitTs, shortValue);
  }

  public Lock withMinCommitTs(long ts) {
    return new Lock(type, primary, startTs, ttl, forUpdateTs, txnSize, ts, shortValue);
  }

  public Lock withForUpdateTs(long ts) {
    return new Lock(type, primary, startTs, ttl, ts, txnSize, minCommitTs, shortValue);
  }

  public LockInfo toLockInfo(byte[] userKey) {
    return new LockInfo(primary, startTs, userKey, ttl, txnSize, type, forUpdateTs, minCommitTs);
  }

  public byte[] toBytes() {
    int len = 1 + 4 + primary.length + 8 * 5 + 1 + (shortValue == null ? 0 : 1 + shortValue.length);
    ByteBuffer buf = ByteBuffer.allocate(len);
    buf.put(type.tag()).putInt(primary.length).put(primary);
    buf.putLong(startTs).putLong(ttl).putLong(forUpdateTs).putLong(txnSize).putLong(minCommitTs);
    if (shortValue == null) {
      buf.put((byte) 0);
    } else {
      buf.put((byte) FLAG_SHORT_VALUE).put((byte) shortValue.length).put(shortValue);
    }
    return buf.array();
  }

  public static Lock parse(byte[] bytes) {
    try {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      LockType type = LockType.fromTag(buf.get());
      byte[] primary = new byte[buf.getInt()];
      buf.get(primary);
      long startTs = buf.getLong();
      long ttl = buf.getLong();
      long forUpdateTs = buf.getLong();
      long txnSize = buf.getLong();
      long minCommitTs = buf.getLong();
      int flags = buf.get();
      byte[] shortValue = null;
      if ((flags & FLAG_SHORT_VALUE) != 0) {
        shortValue = new byte[buf.get() & 0xFF];
        buf.get(shortValue);
      }
      if (buf.hasRemaining()) {
        throw new IllegalArgumentException(buf.remaining() + " trailing bytes");
      }
      return new Lock(type, primary, startTs, ttl, forUpdateTs, txnSize, minCommitTs, shortValue);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("corrupt lock " + Keys.hex(bytes) + ": " + e, e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Lock l
        && type == l.type
        && Arrays.equals(primary, l.primary)
        && startTs == l.startTs
        && ttl == l.ttl
        && forUpdateTs == l.forUpdateTs
        && txnSize == l.txnSize
        && minCommitTs == l.minCommitTs
        && Arrays.equals(shortValue, l.shortValue);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, Arrays.hashCode(primary), startTs, ttl, forUpdateTs, minCommitTs);
  }

  @Override
  public String toString() {
    return "Lock[" + type + " primary=" + Keys.hex(primary) + " start_ts=" + startTs + " ttl=" + ttl
        + " for_update_ts=" + forUpdateTs + " txn_size=" + txnSize + " min_commit_ts=" + minCommitTs
        + (shortValue == null ? "" : " short_value=" + Keys.hex(shortValue)) + "]";
  }
}
