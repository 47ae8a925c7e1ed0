package io.cairn.coprocessor.expr.types;

import java.text.Normalizer;

/**
 * The collations the evaluator implements, with their MySQL collation ids.
 *
 * <p>Both utf8mb4 collations are PAD SPACE, as in MySQL: in comparisons the shorter string is
 * treated as if padded with spaces, so {@code 'a' = 'a  '} holds, while {@code 'a\t' < 'a'}
 * (TAB sorts below the padding space). {@code LIKE} does not pad.
 *
 * <p>{@link #UTF8MB4_GENERAL_CI} weighs a code point as MySQL's {@code utf8mb4_general_ci} does in
 * the cases that matter in practice: supplementary characters (above U+FFFF) all weigh U+FFFD;
 * Latin letters with diacritics (U+00C0–U+024F) weigh as their base letter (é = e, Å = a); 'ß'
 * weighs 'S'; everything else weighs its simple (one code point) upper case. MySQL's exact table
 * differs for a few letters outside Latin, which this implementation does not reproduce.
 *
 * <p>{@link #BINARY} compares UTF-16-decoded code points without padding (the evaluator keeps
 * strings as Java strings; see {@link EvalType}).
 */
public enum Collation {
  UTF8MB4_GENERAL_CI(45, "utf8mb4_general_ci", true),
  UTF8MB4_BIN(46, "utf8mb4_bin", true),
  BINARY(63, "binary", false);

  private static final char[] GENERAL_CI_WEIGHTS = buildGeneralCiWeights();

  private final int id;
  private final String sqlName;
  private final boolean padSpace;

  Collation(int id, String sqlName, boolean padSpace) {
    this.id = id;
    this.sqlName = sqlName;
    this.padSpace = padSpace;
  }

  public int id() {
    return id;
  }

  public String sqlName() {
    return sqlName;
  }

  public boolean isCaseInsensitive() {
    return this == UTF8MB4_GENERAL_CI;
  }

  /** Looks a collation up by its SQL name, case-insensitively; fails for unsupported names. */
  public static Collation byName(String name) {
    for (Collation c : values()) {
      if (c.sqlName.equalsIgnoreCase(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("Unknown or unsupported collation '" + name + "'");
  }

  /** The sort weight of one code point. */
  public int weight(int codePoint) {
    if (this != UTF8MB4_GENERAL_CI) {
      return codePoint;
    }
    return codePoint > 0xFFFF ? 0xFFFD : GENERAL_CI_WEIGHTS[codePoint];
  }

  /** Three-way comparison of two strings under this collation; returns -1, 0 or 1. */
  public int compare(String a, String b) {
    int i = 0;
    int j = 0;
    int la = a.length();
    int lb = b.length();
    while (i < la && j < lb) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      int wa = weight(ca);
      int wb = weight(cb);
      if (wa != wb) {
        return wa < wb ? -1 : 1;
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    if (i < la) {
      return padSpace ? restAgainstSpaces(a, i) : 1;
    }
    if (j < lb) {
      return padSpace ? -restAgainstSpaces(b, j) : -1;
    }
    return 0;
  }

  private int restAgainstSpaces(String s, int from) {
    for (int k = from; k < s.length(); ) {
      int cp = s.codePointAt(k);
      int w = weight(cp);
      if (w != ' ') {
        return w < ' ' ? -1 : 1;
      }
      k += Character.charCount(cp);
    }
    return 0;
  }

  /**
   * A key whose {@code equals}/{@code hashCode} agree with {@link #compare} returning 0: the weight
   * sequence, without trailing spaces for PAD SPACE collations. Used for hashing (GROUP BY, IN).
   */
  public String sortKey(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int k = 0; k < s.length(); ) {
      int cp = s.codePointAt(k);
      sb.appendCodePoint(weight(cp));
      k += Character.charCount(cp);
    }
    if (padSpace) {
      int end = sb.length();
      while (end > 0 && sb.charAt(end - 1) == ' ') {
        end--;
      }
      sb.setLength(end);
    }
    return sb.toString();
  }

  private static char[] buildGeneralCiWeights() {
    char[] w = new char[0x10000];
    for (int cp = 0; cp < 0x10000; cp++) {
      int base = cp;
      if (cp >= 0xC0 && cp <= 0x24F) {
        String d = Normalizer.normalize(String.valueOf((char) cp), Normalizer.Form.NFD);
        base = d.charAt(0);
      }
      if (cp == 0xDF) {
        base = 'S';
      }
      int up = Character.toUpperCase(base);
      w[cp] = up > 0xFFFF ? (char) 0xFFFD : (char) up;
    }
    return w;
  }
}
