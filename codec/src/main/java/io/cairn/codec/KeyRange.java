package io.cairn.codec;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A key range {@code [start, end)} compared as unsigned bytes. An empty {@code end} means
 * "to the end of the key space". The arrays are owned by the range: callers must not modify
 * them after construction or after reading them.
 */
public record KeyRange(byte[] start, byte[] end) {

  public KeyRange {
    if (start == null || end == null) {
      throw new IllegalArgumentException("range bounds are required (use an empty end key)");
    }
    if (end.length > 0 && Arrays.compareUnsigned(start, end) > 0) {
      throw new IllegalArgumentException("range start is after its end");
    }
  }

  /** True if {@code key} lies in {@code [start, end)}. */
  public boolean contains(byte[] key) {
    return Arrays.compareUnsigned(key, start) >= 0
        && (end.length == 0 || Arrays.compareUnsigned(key, end) < 0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyRange r && Arrays.equals(start, r.start) && Arrays.equals(end, r.end);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(start) + Arrays.hashCode(end);
  }

  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    return "[" + hex.formatHex(start) + ", " + hex.formatHex(end) + ")";
  }
}
