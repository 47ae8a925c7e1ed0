package io.cairn.storage.node;

import java.util.Locale;

/**
 * Byte sizes as operators write them in flags and config files: a whole number with an
 * optional unit, {@code 96MiB}, {@code 96MB}, {@code 96m}, {@code 1024}. Units are binary
 * (TiKV's convention: {@code MB} and {@code MiB} both mean 2^20); case and a space before the
 * unit are ignored.
 */
public final class ByteSize {

  private ByteSize() {}

  /**
   * @throws IllegalArgumentException for an empty, negative, fractional or overflowing size,
   *     or an unknown unit
   */
  public static long parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
    int end = 0;
    while (end < s.length() && Character.isDigit(s.charAt(end))) {
      end++;
    }
    if (end == 0) {
      throw new IllegalArgumentException("not a byte size: '" + text + "'");
    }
    int shift = switch (s.substring(end)) {
      case "", "b" -> 0;
      case "k", "kb", "kib" -> 10;
      case "m", "mb", "mib" -> 20;
      case "g", "gb", "gib" -> 30;
      case "t", "tb", "tib" -> 40;
      default -> throw new IllegalArgumentException("unknown unit in byte size '" + text
          + "' (use B, KiB, MiB, GiB or TiB)");
    };
    long n;
    try {
      n = Long.parseLong(s.substring(0, end));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("byte size out of range: '" + text + "'", e);
    }
    if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("byte size out of range: '" + text + "'");
    }
    return n << shift;
  }
}
