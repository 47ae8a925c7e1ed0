package io.cairn.storage.mvcc;

/** The kind of a commit record, with its one-byte tag in the serialized {@link Write}. */
public enum WriteType {
  PUT('P'),
  DELETE('D'),
  /** A committed read lock: no data change, readers skip it. */
  LOCK('L'),
  /** The transaction with this start_ts was rolled back here; readers skip it. */
  ROLLBACK('R');

  private final byte tag;

  WriteType(char tag) {
    this.tag = (byte) tag;
  }

  public byte tag() {
    return tag;
  }

  public static WriteType fromTag(byte tag) {
    for (WriteType t : values()) {
      if (t.tag == tag) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown write type tag 0x" + Integer.toHexString(tag & 0xFF));
  }

  /** The commit record type a prewritten lock turns into. */
  public static WriteType fromLockType(LockType type) {
    return switch (type) {
      case PUT -> PUT;
      case DELETE -> DELETE;
      case LOCK, PESSIMISTIC -> LOCK;
    };
  }
}
