package io.cairn.tikv.region;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The key range {@code [start, end)}; an empty end means the end of the key space. The arrays
 * are not copied: callers must not change them after construction.
 */
public record KeyRange(byte[] start, byte[] end) {

  public KeyRange {
    if (end.length > 0 && Arrays.compareUnsigned(start, end) > 0) {
      throw new IllegalArgumentException("range start " + hex(start) + " is after its end " + hex(end));
    }
  }

  public boolean unboundedEnd() {
    return end.length == 0;
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
    return "[" + hex(start) + ", " + (end.length == 0 ? "+inf" : hex(end)) + ")";
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
