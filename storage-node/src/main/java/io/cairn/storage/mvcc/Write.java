package io.cairn.storage.mvcc;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A commit record, the value of CF write at {@code enc(key) ++ desc64(commit_ts)}. Rollback
 * records sit at {@code commit_ts = start_ts} of the rolled-back transaction.
 *
 * <p>Serialized layout (big-endian):
 *
 * <pre>
 *   u8   type tag      'P' put, 'D' delete, 'L' lock, 'R' rollback
 *   u64  start_ts
 *   u8   flags         bit 0: a short value follows
 *                      bit 1: overlapped rollback — the transaction whose start_ts equals this
 *                             record's commit_ts was rolled back at this key too
 *                      bit 2: protected rollback (never collapsed; primary keys of
 *                             pessimistic transactions and rollbacks of missing primaries)
 *   [u8  short value length (≤ 255), then the value bytes]
 * </pre>
 *
 * @param shortValue the value of a put of at most {@value #SHORT_VALUE_MAX_LEN} bytes, kept
 *     inline; {@code null} when the value is in CF default at {@code key + start_ts}
 */
public record Write(
    WriteType type,
    long startTs,
    byte[] shortValue,
    boolean overlappedRollback,
    boolean protectedRollback) {

  /** Values up to this length are stored inline (TiKV's SHORT_VALUE_MAX_LEN). */
  public static final int SHORT_VALUE_MAX_LEN = 255;

  private static final int FLAG_SHORT_VALUE = 1;
  private static final int FLAG_OVERLAPPED_ROLLBACK = 2;
  private static final int FLAG_PROTECTED = 4;

  public Write {
    Objects.requireNonNull(type, "type");
    if (shortValue != null && shortValue.length > SHORT_VALUE_MAX_LEN) {
      throw new IllegalArgumentException("short value too long: " + shortValue.length);
    }
  }

  public static Write of(WriteType type, long startTs, byte[] shortValue) {
    return new Write(type, startTs, shortValue, false, false);
  }

  public static Write rollback(long startTs, boolean protect) {
    return new Write(WriteType.ROLLBACK, startTs, null, false, protect);
  }

  public Write withOverlappedRollback() {
    return new Write(type, startTs, shortValue, true, protectedRollback);
  }

  /** Whether readers see data in this record (put or delete), as opposed to skipping it. */
  public boolean isDataChange() {
    return type == WriteType.PUT || type == WriteType.DELETE;
  }

  public byte[] toBytes() {
    ByteBuffer buf =
        ByteBuffer.allocate(1 + 8 + 1 + (shortValue == null ? 0 : 1 + shortValue.length));
    buf.put(type.tag()).putLong(startTs);
    int flags = (shortValue != null ? FLAG_SHORT_VALUE : 0)
        | (overlappedRollback ? FLAG_OVERLAPPED_ROLLBACK : 0)
        | (protectedRollback ? FLAG_PROTECTED : 0);
    buf.put((byte) flags);
    if (shortValue != null) {
      buf.put((byte) shortValue.length).put(shortValue);
    }
    return buf.array();
  }

  public static Write parse(byte[] bytes) {
    try {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      WriteType type = WriteType.fromTag(buf.get());
      long startTs = buf.getLong();
      int flags = buf.get();
      byte[] shortValue = null;
      if ((flags & FLAG_SHORT_VALUE) != 0) {
        shortValue = new byte[buf.get() & 0xFF];
        buf.get(shortValue);
      }
      if (buf.hasRemaining()) {
        throw new IllegalArgumentException(buf.remaining() + " trailing bytes");
      }
      return new Write(
          type,
          startTs,
          shortValue,
          (flags & FLAG_OVERLAPPED_ROLLBACK) != 0,
          (flags & FLAG_PROTECTED) != 0);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("corrupt write record " + Keys.hex(bytes) + ": " + e, e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Write w
        && type == w.type
        && startTs == w.startTs
        && Arrays.equals(shortValue, w.shortValue)
        && overlappedRollback == w.overlappedRollback
        && protectedRollback == w.protectedRollback;
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, startTs, Arrays.hashCode(shortValue), overlappedRollback);
  }

  @Override
  public String toString() {
    return "Write[" + type + " start_ts=" + startTs
        + (shortValue == null ? "" : " short_value=" + Keys.hex(shortValue))
        + (overlappedRollback ? " overlapped_rollback" : "")
        + (protectedRollback ? " protected" : "") + "]";
  }
}
