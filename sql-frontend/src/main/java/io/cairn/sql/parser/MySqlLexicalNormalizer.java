package io.cairn.sql.parser;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Rewrites the parts of MySQL's lexical syntax that Calcite's lexer does not share, before the
 * generated parser sees the text:
 * <ul>
 *   <li>{@code 'x'} and {@code "x"} strings with backslash escapes and doubled quotes become
 *       standard {@code 'x'} literals; adjacent string literals are joined into one, as MySQL does;
 *   <li>{@code #} comments and {@code -- } comments (MySQL requires whitespace after the dashes;
 *       {@code --1} is two minus signs) are dropped, as are {@code /* ... *}{@code /} comments and
 *       optimizer hints;
 *   <li>the markers of executable comments {@code /*! ... *}{@code /} and
 *       {@code /*!40101 ... *}{@code /} are dropped and their content kept, since Cairn claims a
 *       server version above every version number such a comment can carry;
 *   <li>the whitespace between a character set introducer and its string ({@code _utf8mb4 'x'})
 *       is dropped, since Calcite's lexer only knows {@code _utf8mb4'x'}; a {@code _binary} string
 *       (MariaDB Connector/J sends {@code _binary '...'} for bound bytes) becomes the
 *       {@code X'..'} literal of its UTF-8 bytes, since Calcite knows no binary character set;
 *   <li>tabs outside literals become spaces, so column numbers match characters;
 *   <li>{@code CONVERT(x, type)} becomes {@code CAST(x AS type)} (Calcite reads the former as a
 *       character set conversion), and the cast targets {@code SIGNED INTEGER} and {@code UNSIGNED
 *       INTEGER} (or {@code INT}) become {@code SIGNED} and {@code UNSIGNED}, the one-word targets
 *       Calcite's grammar reads.
 * </ul>
 * Backquoted identifiers, {@code X'..'} literals and everything else pass through unchanged.
 * Unterminated strings, identifiers and comments are copied through as they are so that the
 * parser reports the error at their position. Stateless and thread-safe.
 */
public final class MySqlLexicalNormalizer {

  /** Rewrites {@code sql}; never null. */
  public NormalizedSql normalize(String sql) {
    Output out = new Output(sql.length() + 16);
    int n = sql.length();
    int i = 0;
    boolean inExecutableComment = false;
    while (i < n) {
      char c = sql.charAt(i);
      char next = i + 1 < n ? sql.charAt(i + 1) : '\0';
      if (c == '\'' || c == '"') {
        if (c == '\'' && isHexOrBitPrefix(sql, i)) {
          i = copyQuoted(sql, i, '\'', out);
        } else {
          i = rewriteStrings(sql, i, out, out.takeCharsetIntroducer());
        }
      } else if (c == '`') {
        i = copyQuoted(sql, i, '`', out);
      } else if (c == '#') {
        i = skipToLineEnd(sql, i);
      } else if (c == '-' && next == '-') {
        char third = i + 2 < n ? sql.charAt(i + 2) : ' ';
        if (third <= ' ') {
          i = skipToLineEnd(sql, i);
        } else {
          out.append('-', i);
          out.append(' ', i);
          out.append('-', i + 1);
          i += 2;
        }
      } else if (c == '/' && next == '*') {
        if (i + 2 < n && sql.charAt(i + 2) == '!') {
          int j = i + 3;
          while (j < n && Character.isDigit(sql.charAt(j))) {
            j++;
          }
          out.append(' ', i);
          inExecutableComment = true;
          i = j;
        } else {
          int end = sql.indexOf("*/", i + 2);
          if (end < 0) {
            out.appendRange(sql, i, n);
            i = n;
          } else {
            out.append(' ', i);
            i = end + 2;
          }
        }
      } else if (c == '*' && next == '/' && inExecutableComment) {
        out.append(' ', i);
        inExecutableComment = false;
        i += 2;
      } else if (c == '\t') {
        out.append(' ', i);
        i++;
      } else if (Character.isLetter(c) && (i == 0 || !isWordChar(sql.charAt(i - 1)))
          && castTypeAt(sql, i) > 0) {
        int comma = convertCommaBefore(sql, i);
        if (comma >= 0) {
          // CONVERT(x, type) is CAST(x AS type); Calcite reads CONVERT(x, name) as a
          // character set conversion. Same lengths keep the offsets of what follows.
          out.patch(convertStart(sql, comma), "CAST   ");
          out.patch(comma, " ");
          out.append('A', i);
          out.append('S', i);
          out.append(' ', i);
        }
        int end = comma >= 0 || afterAs(sql, i) ? signedIntegerEnd(sql, i) : -1;
        int word = castTypeAt(sql, i);
        // SIGNED INTEGER: the INTEGER is optional in MySQL, and Calcite knows the type by its
        // one-word name only. Only as a cast target: a column may be named SIGNED.
        out.appendRange(sql, i, i + word);
        i = end > 0 ? end : i + word;
      } else {
        out.append(c, i);
        i++;
      }
    }
    return out.finish(sql);
  }

  private static final String[] CAST_TYPES = {"signed", "unsigned", "char", "nchar", "decimal",
      "date", "datetime", "time", "binary", "double", "float", "real", "json", "year"};

  /** The length of the cast type word starting at {@code i}, or 0 (no allocation: every word passes here). */
  private static int castTypeAt(String sql, int i) {
    int j = i;
    while (j < sql.length() && j - i <= 8 && isWordChar(sql.charAt(j))) {
      j++;
    }
    int len = j - i;
    for (String t : CAST_TYPES) {
      if (t.length() == len && sql.regionMatches(true, i, t, 0, len)) {
        return len;
      }
    }
    return 0;
  }

  /**
   * The end of {@code SIGNED INTEGER}, {@code SIGNED INT} or the same after {@code UNSIGNED}
   * when one starts at {@code i}, else -1.
   */
  private static int signedIntegerEnd(String sql, int i) {
    int j = i;
    for (String prefix : new String[] {"unsigned", "signed"}) {
      if (sql.regionMatches(true, i, prefix, 0, prefix.length())) {
        j = i + prefix.length();
        break;
      }
    }
    if (j == i || j >= sql.length() || sql.charAt(j) > ' ') {
      return -1;
    }
    while (j < sql.length() && sql.charAt(j) <= ' ') {
      j++;
    }
    for (String type : new String[] {"integer", "int"}) {
      int end = j + type.length();
      if (sql.regionMatches(true, j, type, 0, type.length()) && (end >= sql.length() || !isWordChar(sql.charAt(end)))) {
        return end;
      }
    }
    return -1;
  }

  /** Whether the word before {@code i} is {@code AS} (a cast target, not a column named SIGNED). */
  private static boolean afterAs(String sql, int i) {
    int k = i - 1;
    while (k >= 0 && sql.charAt(k) <= ' ') {
      k--;
    }
    return k >= 1 && k < i - 1 && sql.regionMatches(true, k - 1, "as", 0, 2) && (k < 2 || !isWordChar(sql.charAt(k - 2)));
  }

  /**
   * The offset of the comma before {@code i} when it is the first top-level comma of a
   * {@code CONVERT(} call ({@code CONVERT(x, type)}), else -1.
   */
  private static int convertCommaBefore(String sql, int i) {
    int k = i - 1;
    while (k >= 0 && sql.charAt(k) <= ' ') {
      k--;
    }
    if (k < 0 || sql.charAt(k) != ',') {
      return -1;
    }
    int open = openParenOf(sql, k);
    return open >= 0 && convertWordBefore(sql, open) >= 0 ? k : -1;
  }

  /** The start of the CONVERT word whose call's first top-level comma is {@code comma}. */
  private static int convertStart(String sql, int comma) {
    return convertWordBefore(sql, openParenOf(sql, comma));
  }

  /** The parenthesis that opens the call {@code comma} is a top-level comma of, or -1. */
  private static int openParenOf(String sql, int comma) {
    int depth = 0;
    for (int j = comma - 1; j >= 0; j--) {
      char c = sql.charAt(j);
      if (c == ')') {
        depth++;
      } else if (c == '(') {
        if (depth == 0) {
          return j;
        }
        depth--;
      } else if (c == ',' && depth == 0) {
        return -1;
      }
    }
    return -1;
  }

  /** The start of a {@code CONVERT} word right before {@code open} (spaces allowed), or -1. */
  private static int convertWordBefore(String sql, int open) {
    int w = open - 1;
    while (w >= 0 && sql.charAt(w) <= ' ') {
      w--;
    }
    int start = w - 6;
    return start >= 0 && sql.regionMatches(true, start, "convert", 0, 7)
        && (start == 0 || !isWordChar(sql.charAt(start - 1))) ? start : -1;
  }

  private static boolean isHexOrBitPrefix(String sql, int quote) {
    if (quote == 0) {
      return false;
    }
    char p = sql.charAt(quote - 1);
    if (p != 'x' && p != 'X' && p != 'b' && p != 'B') {
      return false;
    }
    return quote < 2 || !isWordChar(sql.charAt(quote - 2));
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  private static int skipToLineEnd(String sql, int i) {
    int end = sql.indexOf('\n', i);
    return end < 0 ? sql.length() : end;
  }

  /** Copies a quoted token whose quote character is escaped by doubling; returns the index after it. */
  private static int copyQuoted(String sql, int start, char quote, Output out) {
    int n = sql.length();
    int j = start + 1;
    while (j < n) {
      if (sql.charAt(j) == quote) {
        if (j + 1 < n && sql.charAt(j + 1) == quote) {
          j += 2;
          continue;
        }
        out.appendRange(sql, start, j + 1);
        return j + 1;
      }
      j++;
    }
    out.appendRange(sql, start, n);
    return n;
  }

  /**
   * Reads one MySQL string literal, and any that follow it separated only by whitespace, and
   * writes their concatenation as one standard literal. Returns the index after the last one.
   */
  private static int rewriteStrings(String sql, int start, Output out, boolean binary) {
    StringBuilder value = new StringBuilder();
    int end = readString(sql, start, value);
    if (end < 0) {
      out.appendRange(sql, start, sql.length());
      return sql.length();
    }
    while (true) {
      int k = end;
      while (k < sql.length() && Character.isWhitespace(sql.charAt(k))) {
        k++;
      }
      if (k < sql.length() && (sql.charAt(k) == '\'' || sql.charAt(k) == '"')) {
        int nextEnd = readString(sql, k, value);
        if (nextEnd < 0) {
          break;
        }
        end = nextEnd;
      } else {
        break;
      }
    }
    if (binary) {
      // The query text arrived as UTF-8, so its bytes are the literal's bytes.
      out.append('X', start);
      out.append('\'', start);
      for (byte b : value.toString().getBytes(StandardCharsets.UTF_8)) {
        out.append(HEX[(b >> 4) & 0xf], start);
        out.append(HEX[b & 0xf], start);
      }
      out.append('\'', end - 1);
      return end;
    }
    out.append('\'', start);
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      out.append(ch, start);
      if (ch == '\'') {
        out.append('\'', start);
      }
    }
    out.append('\'', end - 1);
    return end;
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** Appends the value of the literal at {@code start} to {@code value}; returns the index after it, or -1 if unterminated. */
  private static int readString(String sql, int start, StringBuilder value) {
    char quote = sql.charAt(start);
    int n = sql.length();
    int mark = value.length();
    int j = start + 1;
    while (j < n) {
      char ch = sql.charAt(j);
      if (ch == '\\' && j + 1 < n) {
        char e = sql.charAt(j + 1);
        switch (e) {
          case '0' -> value.append('\0');
          case 'b' -> value.append('\b');
          case 'n' -> value.append('\n');
          case 'r' -> value.append('\r');
          case 't' -> value.append('\t');
          case 'Z' -> value.append('\u001a');
          // MySQL keeps the backslash of \% and \_ so that LIKE still sees an escaped wildcard.
          case '%', '_' -> value.append('\\').append(e);
          default -> value.append(e);
        }
        j += 2;
      } else if (ch == quote) {
        if (j + 1 < n && sql.charAt(j + 1) == quote) {
          value.append(quote);
          j += 2;
        } else {
          return j + 1;
        }
      } else {
        value.append(ch);
        j++;
      }
    }
    value.setLength(mark);
    return -1;
  }

  /** The text character sets a {@code _name} introducer can name (as far as Cairn knows them). */
  private static final Set<String> INTRODUCERS = Set.of("utf8mb4", "utf8mb3", "utf8", "latin1", "ascii");

  private static final class Output {
    private final StringBuilder text;
    private int[] origin;

    Output(int capacity) {
      text = new StringBuilder(capacity);
      origin = new int[capacity];
    }

    void append(char c, int originalOffset) {
      if (text.length() == origin.length) {
        origin = Arrays.copyOf(origin, origin.length * 2 + 1);
      }
      origin[text.length()] = originalOffset;
      text.append(c);
    }

    /**
     * Called before a string literal: drops the spaces just written if they follow a character
     * set introducer ({@code _utf8mb4}, ...) that stands as a word of its own, and drops a
     * {@code _binary} introducer itself, answering true: that string becomes a hex literal.
     */
    boolean takeCharsetIntroducer() {
      int end = text.length();
      int k = end;
      while (k > 0 && (text.charAt(k - 1) == ' ' || text.charAt(k - 1) == '\n' || text.charAt(k - 1) == '\r')) {
        k--;
      }
      int w = k;
      while (w > 0 && isWordChar(text.charAt(w - 1))) {
        w--;
      }
      if (w > 0 && (text.charAt(w - 1) == '.' || text.charAt(w - 1) == '@')) {
        return false;
      }
      if (w == k || text.charAt(w) != '_') {
        return false;
      }
      String charset = text.substring(w + 1, k).toLowerCase(Locale.ROOT);
      if (charset.equals("binary")) {
        text.setLength(w);
        return true;
      }
      if (INTRODUCERS.contains(charset)) {
        text.setLength(k);
      }
      return false;
    }

    private static boolean isWordChar(char c) {
      return c == '_' || c == '$' || Character.isLetterOrDigit(c);
    }

    /** Overwrites the output written for original offsets {@code from..} with {@code replacement}, char for char. */
    void patch(int from, String replacement) {
      int at = text.length() - 1;
      while (at >= 0 && origin[at] != from) {
        at--;
      }
      for (int r = 0; r < replacement.length(); r++) {
        text.setCharAt(at + r, replacement.charAt(r));
      }
    }

    void appendRange(String sql, int from, int to) {
      for (int i = from; i < to; i++) {
        append(sql.charAt(i), i);
      }
    }

    NormalizedSql finish(String original) {
      int[] map = Arrays.copyOf(origin, text.length() + 1);
      map[text.length()] = original.length();
      return new NormalizedSql(original, text.toString(), map);
    }
  }
}
