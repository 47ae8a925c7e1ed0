package io.cairn.storage.mvcc;

/** The kind of a Percolator lock, with its one-byte tag in the serialized {@link Lock}. */
public enum LockType {
  /** A prewritten put. */
  PUT('P'),
  /** A prewritten delete. */
  DELETE('D'),
  /** A prewritten read lock (SELECT FOR UPDATE keys not written). */
  LOCK('L'),
  /** A pessimistic lock taken before prewrite; it does not block readers. */
  PESSIMISTIC('S');

  private final byte tag;

  LockType(char tag) {
    this.tag = (byte) tag;
  }

  public byte tag() {
    return tag;
  }

  public static LockType fromTag(byte tag) {
    for (LockType t : values()) {
      if (t.tag == tag) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown lock type tag 0x" + Integer.toHexString(tag & 0xFF));
  }
}
