package io.cairn.sql.parser.ast;

import java.util.Locale;
import java.util.Map;

/**
 * The MySQL column types the grammar accepts, with what each allows after its name. Synonyms
 * (INTEGER, BOOL, DEC, NUMERIC, FIXED, REAL, CHARACTER) resolve to one canonical name.
 */
public enum MySqlTypeName {
  TINYINT(Category.INTEGER),
  SMALLINT(Category.INTEGER),
  MEDIUMINT(Category.INTEGER),
  INT(Category.INTEGER),
  BIGINT(Category.INTEGER),
  BOOLEAN(Category.OTHER),
  DECIMAL(Category.FIXED_POINT),
  FLOAT(Category.FLOATING_POINT),
  DOUBLE(Category.FLOATING_POINT),
  BIT(Category.SIZED),
  CHAR(Category.STRING),
  VARCHAR(Category.STRING),
  TINYTEXT(Category.TEXT),
  TEXT(Category.TEXT),
  MEDIUMTEXT(Category.TEXT),
  LONGTEXT(Category.TEXT),
  BINARY(Category.SIZED),
  VARBINARY(Category.SIZED),
  TINYBLOB(Category.OTHER),
  BLOB(Category.SIZED),
  MEDIUMBLOB(Category.OTHER),
  LONGBLOB(Category.OTHER),
  DATE(Category.OTHER),
  DATETIME(Category.TEMPORAL),
  TIMESTAMP(Category.TEMPORAL),
  TIME(Category.TEMPORAL),
  YEAR(Category.SIZED),
  JSON(Category.OTHER),
  ENUM(Category.ENUMERATION),
  SET(Category.ENUMERATION);

  /** What may follow a type name. */
  public enum Category {
    /** {@code (display width)}, UNSIGNED, ZEROFILL. */
    INTEGER,
    /** {@code (precision [, scale])}, UNSIGNED, ZEROFILL. */
    FIXED_POINT,
    /** {@code (precision [, scale])}, UNSIGNED, ZEROFILL. */
    FLOATING_POINT,
    /** {@code (length)}, CHARACTER SET, COLLATE. */
    STRING,
    /** {@code [(length)]}, CHARACTER SET, COLLATE. */
    TEXT,
    /** {@code [(length)]}. */
    SIZED,
    /** {@code [(fractional seconds precision)]}. */
    TEMPORAL,
    /** {@code ('value', ...)}, CHARACTER SET, COLLATE. */
    ENUMERATION,
    /** Nothing. */
    OTHER
  }

  private static final Map<String, MySqlTypeName> SYNONYMS = Map.of(
      "INTEGER", INT, "BOOL", BOOLEAN, "DEC", DECIMAL, "NUMERIC", DECIMAL, "FIXED", DECIMAL,
      "REAL", DOUBLE, "CHARACTER", CHAR);

  private final Category category;

  MySqlTypeName(Category category) {
    this.category = category;
  }

  public Category category() {
    return category;
  }

  public boolean allowsLength() {
    return category != Category.OTHER && category != Category.ENUMERATION;
  }

  public boolean allowsScale() {
    return category == Category.FIXED_POINT || category == Category.FLOATING_POINT;
  }

  public boolean allowsSign() {
    return category == Category.INTEGER || allowsScale();
  }

  public boolean allowsCharset() {
    return category == Category.STRING || category == Category.TEXT || category == Category.ENUMERATION;
  }

  /** Whether the length is mandatory (VARCHAR and VARBINARY). */
  public boolean requiresLength() {
    return this == VARCHAR || this == VARBINARY;
  }

  /** The type a written name (any case, synonyms included) denotes, or null if none. */
  public static MySqlTypeName lookup(String written) {
    String upper = written.toUpperCase(Locale.ROOT);
    MySqlTypeName synonym = SYNONYMS.get(upper);
    if (synonym != null) {
      return synonym;
    }
    for (MySqlTypeName t : values()) {
      if (t.name().equals(upper)) {
        return t;
      }
    }
    return null;
  }
}
