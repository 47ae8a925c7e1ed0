package io.cairn.storage.mvcc;

/**
 * Timestamps as handed out by PD's TSO: {@code physical_ms << 18 | logical}. Lock TTLs are
 * milliseconds measured on the physical part, as in TiKV. Cairn keeps timestamps as
 * non-negative {@code long}s; {@link #MAX} reads the latest data.
 */
public final class TimeStamps {

  public static final int LOGICAL_BITS = 18;
  public static final long MAX = Long.MAX_VALUE;

  private TimeStamps() {}

  public static long compose(long physicalMs, long logical) {
    return (physicalMs << LOGICAL_BITS) | logical;
  }

  public static long physical(long ts) {
    return ts >>> LOGICAL_BITS;
  }
}
