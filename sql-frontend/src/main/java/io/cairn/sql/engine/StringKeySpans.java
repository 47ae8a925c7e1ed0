package io.cairn.sql.engine;

import io.cairn.codec.ColumnType;
import io.cairn.coprocessor.expr.types.Collation;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The key datums of a CHAR or VARCHAR index column that can compare equal to, at least or at
 * most a string under the column's collation ({@link KeySpans}).
 *
 * <p>Index keys hold a string's UTF-8 bytes as written ({@link io.cairn.codec.ColumnType}
 * BYTES: the codec leaves collation sort keys to the SQL layer, and Cairn's index entries do
 * not use them), so every span is a superset built from byte order, and the rows it reads are
 * filtered again with the collation's own comparison:
 *
 * <ul>
 *   <li>{@code utf8mb4_bin} is PAD SPACE: {@code 'a' = 'a  '}, and {@code 'a\t' < 'a'} because
 *       TAB sorts below the padding space. A string equal to {@code t} is {@code t} without its
 *       trailing spaces, then spaces: it starts with that, so {@code [t', next(t'))} holds it,
 *       where {@code next(x)} is the least string above every string starting with {@code x}.
 *       A string at least {@code t} is at least {@code t} cut before its first byte {@code <=
 *       0x20} (only such bytes sort differently against padding than against the end of the
 *       string), and a string at most {@code t} is below {@code next(t)}.
 *   <li>{@code _ci} collations (all compared as {@code utf8mb4_general_ci}, {@link
 *       ColumnTypes#collation}): a string equal to {@code t} starts with, for each code point
 *       of {@code t} without trailing spaces, some code point of the same weight. The leading
 *       code points are expanded into every combination of their equivalents while there are at
 *       most {@value #MAX_CI_PREFIXES} combinations, and each combination {@code p} gives {@code
 *       [p, next(p))}. Only equality is used ({@link #usable}): byte order says nothing about
 *       {@code <} under a case-insensitive collation.
 * </ul>
 *
 * Values other than strings (a number compared with a string column is compared as a double in
 * MySQL) are not obvious, and the statement scans. Stateless; the weight classes are an
 * immutable table built once.
 */
final class StringKeySpans {
  static final int MAX_CI_PREFIXES = 64;

  /** general_ci weight to the code points (of the BMP) that have it, ascending. */
  private static final Map<Integer, int[]> GENERAL_CI_CLASSES = classes(Collation.UTF8MB4_GENERAL_CI);

  private StringKeySpans() {}

  /** Whether the conditions of this shape can bound a column of {@code collation}. */
  static boolean usable(Collation collation, KeyConditions.Condition c) {
    if (!collation.isCaseInsensitive()) {
      return true;
    }
    return switch (c) {
      case KeyConditions.Eq eq -> true;
      case KeyConditions.In in -> true;
      case KeyConditions.IsNull n -> true;
      case KeyConditions.AnyOf any -> any.alternatives().stream()
          .allMatch(alt -> alt.stream().anyMatch(x -> x instanceof KeyConditions.Eq
              || x instanceof KeyConditions.In || x instanceof KeyConditions.IsNull));
      default -> false;
    };
  }

  /** The datums equal to {@code value} (non-NULL), or null when not obvious. */
  static KeySpans equal(Collation collation, Object value) {
    String s = string(value);
    if (s == null) {
      return null;
    }
    String t = stripTrailingSpaces(s);
    if (!collation.isCaseInsensitive()) {
      byte[] b = utf8(t);
      return KeySpans.range(datum(b), end(b));
    }
    List<StringBuilder> prefixes = new ArrayList<>();
    prefixes.add(new StringBuilder());
    for (int i = 0; i < t.length(); ) {
      int cp = t.codePointAt(i);
      int[] equivalents = cp > 0xFFFF ? null : GENERAL_CI_CLASSES.get(Collation.UTF8MB4_GENERAL_CI.weight(cp));
      if (equivalents == null || collation.weight(cp) == 0xFFFD
          || (long) prefixes.size() * equivalents.length > MAX_CI_PREFIXES) {
        break;
      }
      List<StringBuilder> next = new ArrayList<>(prefixes.size() * equivalents.length);
      for (StringBuilder p : prefixes) {
        for (int e : equivalents) {
          next.add(new StringBuilder(p).appendCodePoint(e));
        }
      }
      prefixes = next;
      i += Character.charCount(cp);
    }
    if (prefixes.size() == 1 && prefixes.getFirst().isEmpty() && !t.isEmpty()) {
      // Not even the first code point narrows the index: every non-NULL entry would be read.
      return null;
    }
    KeySpans out = KeySpans.EMPTY;
    for (StringBuilder p : prefixes) {
      byte[] b = utf8(p.toString());
      out = out.union(KeySpans.range(datum(b), end(b)));
    }
    return out;
  }

  /** The first datum that can be at least {@code value}, or null when not obvious. */
  static byte[] atLeast(Collation collation, Object value) {
    String s = string(value);
    if (s == null || collation.isCaseInsensitive()) {
      return null;
    }
    byte[] b = utf8(s);
    int cut = 0;
    while (cut < b.length && (b[cut] & 0xFF) > 0x20) {
      cut++;
    }
    return datum(Arrays.copyOf(b, cut));
  }

  /** The end of the datums that can be at most {@code value}, or null when not obvious. */
  static byte[] atMost(Collation collation, Object value) {
    String s = string(value);
    return s == null || collation.isCaseInsensitive() ? null : end(utf8(s));
  }

  private static String string(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof byte[] b) {
      try {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
      } catch (CharacterCodingException e) {
        return null;
      }
    }
    return null;
  }

  private static String stripTrailingSpaces(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ') {
      end--;
    }
    return s.substring(0, end);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] datum(byte[] b) {
    return KeySpans.encode(ColumnType.BYTES, b);
  }

  /**
   * The datum of the least byte string above every string that starts with {@code b}: {@code b}
   * with its last byte below {@code FF} incremented and what follows dropped, or the end of all
   * datums when there is none.
   */
  private static byte[] end(byte[] b) {
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] != (byte) 0xFF) {
        byte[] next = Arrays.copyOf(b, i + 1);
        next[i]++;
        return datum(next);
      }
    }
    return KeySpans.END;
  }

  private static Map<Integer, int[]> classes(Collation collation) {
    Map<Integer, List<Integer>> byWeight = new HashMap<>();
    for (int cp = 0; cp <= 0xFFFF; cp++) {
      if (Character.isSurrogate((char) cp)) {
        continue;
      }
      byWeight.computeIfAbsent(collation.weight(cp), k -> new ArrayList<>()).add(cp);
    }
    Map<Integer, int[]> out = new HashMap<>();
    byWeight.forEach((w, cps) -> out.put(w, cps.stream().mapToInt(Integer::intValue).toArray()));
    return Map.copyOf(out);
  }
}
