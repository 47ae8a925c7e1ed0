package io.cairn.slt;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders one result value the way the sqllogictest format defines, from the value's MySQL
 * text form (what a text-protocol result carries):
 *
 * <ul>
 *   <li>SQL NULL → {@code NULL}; the empty string → {@code (empty)};
 *   <li>{@code I}: an integer. A number is truncated toward zero; text takes its leading
 *       integer, or 0 when it has none, as the reference drivers do;
 *   <li>{@code R}: {@code %.3f} of the value (text without a leading number is 0);
 *   <li>{@code T}: the text, each character outside printable ASCII (below space or above
 *       {@code ~}) replaced by {@code @}.
 * </ul>
 */
public final class ValueRenderer {

  private static final Pattern NUMBER =
      Pattern.compile("^\\s*[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

  private ValueRenderer() {}

  public static String render(String value, char type) {
    if (value == null) {
      return "NULL";
    }
    String out =
        switch (type) {
          case 'I' -> integer(value);
          case 'R' -> real(value);
          case 'T' -> text(value);
          default -> throw new SltFormatException("unknown column type '" + type + "'");
        };
    return out.isEmpty() ? "(empty)" : out;
  }

  private static String integer(String value) {
    BigDecimal n = leadingNumber(value);
    return n.setScale(0, RoundingMode.DOWN).toPlainString();
  }

  private static String real(String value) {
    BigDecimal n = leadingNumber(value);
    // %.3f of the double, as C's printf would print it (half-even on the binary value).
    return String.format(Locale.ROOT, "%.3f", n.doubleValue());
  }

  /** The numeric prefix of {@code value} (strtod-like), or 0 when it has none. */
  private static BigDecimal leadingNumber(String value) {
    Matcher m = NUMBER.matcher(value);
    if (!m.find()) {
      return BigDecimal.ZERO;
    }
    try {
      return new BigDecimal(m.group().strip().replace("+", ""));
    } catch (NumberFormatException e) {
      return BigDecimal.ZERO;
    }
  }

  private static String text(String value) {
    if (value.chars().allMatch(c -> c >= ' ' && c <= '~')) {
      return value;
    }
    // The reference runner works on UTF-8 bytes: each byte of a non-ASCII character is one @.
    StringBuilder sb = new StringBuilder(value.length());
    value
        .codePoints()
        .forEach(
            cp -> {
              if (cp >= ' ' && cp <= '~') {
                sb.append((char) cp);
              } else {
                int bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                sb.append("@".repeat(bytes));
              }
            });
    return sb.toString();
  }
}
