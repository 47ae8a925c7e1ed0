package io.cairn.kv;

/**
 * The TSO timestamp layout shared with PD and TiKV: a 64-bit value whose high 46 bits are
 * milliseconds since the Unix epoch and whose low 18 bits are a logical counter within that
 * millisecond. {@code ts = physical << 18 | logical}.
 */
public final class Timestamps {

  public static final int LOGICAL_BITS = 18;
  public static final long MAX_LOGICAL = (1L << LOGICAL_BITS) - 1;

  private Timestamps() {}

  /** @throws IllegalArgumentException if a part is out of range */
  public static long compose(long physicalMillis, long logical) {
    if (physicalMillis < 0 || physicalMillis >= (1L << (63 - LOGICAL_BITS))) {
      throw new IllegalArgumentException("physical time out of range: " + physicalMillis);
    }
    if (logical < 0 || logical > MAX_LOGICAL) {
      throw new IllegalArgumentException("logical counter out of range: " + logical);
    }
    return physicalMillis << LOGICAL_BITS | logical;
  }

  public static long physicalMillis(long ts) {
    return ts >>> LOGICAL_BITS;
  }

  public static long logical(long ts) {
    return ts & MAX_LOGICAL;
  }
}
