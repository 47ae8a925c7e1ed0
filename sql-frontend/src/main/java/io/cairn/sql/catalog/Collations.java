package io.cairn.sql.catalog;

import io.cairn.sql.session.ColumnMetadata;
import java.util.Locale;
import java.util.Map;

/**
 * The character sets and collations a column or table may name. Cairn stores characters as
 * UTF-8 and compares index keys by their bytes, as TiDB does without its new collation
 * framework: every accepted collation orders like {@code utf8mb4_bin} in keys.
 */
public final class Collations {

  public static final String DEFAULT_CHARSET = "utf8mb4";
  public static final String DEFAULT_COLLATION = "utf8mb4_bin";

  private static final Map<String, Integer> IDS =
      Map.of(
          "utf8mb4_bin", ColumnMetadata.COLLATION_UTF8MB4_BIN,
          "utf8mb4_general_ci", ColumnMetadata.COLLATION_UTF8MB4_GENERAL_CI,
          "utf8mb4_0900_ai_ci", 255,
          "utf8_bin", 83,
          "utf8_general_ci", 33,
          "binary", ColumnMetadata.COLLATION_BINARY);

  private static final Map<String, String> DEFAULT_OF_CHARSET =
      Map.of("utf8mb4", "utf8mb4_bin", "utf8", "utf8_bin", "utf8mb3", "utf8_bin",
          "binary", "binary");

  private Collations() {}

  /** True for a collation name Cairn accepts (case-insensitive). */
  public static boolean isKnown(String collation) {
    return IDS.containsKey(collation.toLowerCase(Locale.ROOT));
  }

  public static boolean isKnownCharset(String charset) {
    return DEFAULT_OF_CHARSET.containsKey(charset.toLowerCase(Locale.ROOT));
  }

  /** The default collation of {@code charset}. */
  public static String defaultCollation(String charset) {
    String c = DEFAULT_OF_CHARSET.get(charset.toLowerCase(Locale.ROOT));
    if (c == null) {
      throw new IllegalArgumentException("unknown character set " + charset);
    }
    return c;
  }

  /** The MySQL collation id of an accepted collation. */
  public static int id(String collation) {
    Integer id = IDS.get(collation.toLowerCase(Locale.ROOT));
    if (id == null) {
      throw new IllegalArgumentException("unknown collation " + collation);
    }
    return id;
  }
}
