package io.cairn.sql.parser;

/**
 * MySQL text rewritten into the lexical form Calcite's generated parser reads, with the way back:
 * {@code origin[i]} is the offset in the original text of the character at offset {@code i} of
 * {@link #text()}; {@code origin[text.length()]} is the original length.
 */
public record NormalizedSql(String original, String text, int[] origin) {

  /**
   * The original offset of the character at {@code line} / {@code column} (both 1-based) of
   * {@link #text()}, counting lines as the generated lexer does ({@code \n}, {@code \r} and
   * {@code \r\n} each end one).
   */
  public int originalOffset(int line, int column) {
    int offset = 0;
    for (int l = 1; l < line && offset < text.length(); offset++) {
      char c = text.charAt(offset);
      if (c == '\n' || (c == '\r' && (offset + 1 == text.length() || text.charAt(offset + 1) != '\n'))) {
        l++;
      }
    }
    offset = Math.min(text.length(), Math.max(0, offset + column - 1));
    return origin[offset];
  }

  /** The 1-based line of an offset in the original text. */
  public int originalLine(int originalOffset) {
    int line = 1;
    for (int i = 0; i < originalOffset && i < original.length(); i++) {
      if (original.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
