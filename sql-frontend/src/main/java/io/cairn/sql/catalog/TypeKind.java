package io.cairn.sql.catalog;

/**
 * The MySQL column types Cairn stores. BOOLEAN is not a kind of its own: as in MySQL it is
 * {@code TINYINT(1)} ({@link SqlType#bool()}).
 */
public enum TypeKind {
  TINYINT,
  SMALLINT,
  MEDIUMINT,
  INT,
  BIGINT,
  DECIMAL,
  FLOAT,
  DOUBLE,
  CHAR,
  VARCHAR,
  TINYTEXT,
  TEXT,
  MEDIUMTEXT,
  LONGTEXT,
  BINARY,
  VARBINARY,
  TINYBLOB,
  BLOB,
  MEDIUMBLOB,
  LONGBLOB,
  DATE,
  DATETIME,
  TIMESTAMP,
  TIME,
  YEAR,
  JSON;

  public boolean isInteger() {
    return this == TINYINT || this == SMALLINT || this == MEDIUMINT || this == INT
        || this == BIGINT;
  }

  /** Integer, DECIMAL, FLOAT, DOUBLE and YEAR. */
  public boolean isNumeric() {
    return isInteger() || this == DECIMAL || this == FLOAT || this == DOUBLE || this == YEAR;
  }

  /** Character types (with a character set): CHAR, VARCHAR and the TEXT family. */
  public boolean isText() {
    return this == CHAR || this == VARCHAR || this == TINYTEXT || this == TEXT
        || this == MEDIUMTEXT || this == LONGTEXT;
  }

  /** Byte-string types: BINARY, VARBINARY and the BLOB family. */
  public boolean isBinary() {
    return this == BINARY || this == VARBINARY || this == TINYBLOB || this == BLOB
        || this == MEDIUMBLOB || this == LONGBLOB;
  }

  /** TEXT and BLOB families and JSON: no default value, index only with a prefix. */
  public boolean isLob() {
    return this == TINYTEXT || this == TEXT || this == MEDIUMTEXT || this == LONGTEXT
        || this == TINYBLOB || this == BLOB || this == MEDIUMBLOB || this == LONGBLOB
        || this == JSON;
  }

  public boolean isTemporal() {
    return this == DATE || this == DATETIME || this == TIMESTAMP || this == TIME;
  }

  /** The lower-case SQL name, e.g. {@code "varchar"}. */
  public String sqlName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
