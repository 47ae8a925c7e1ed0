package io.cairn.sql.catalog;

import io.cairn.sql.session.SqlException;

/**
 * The MySQL errors the catalog, DDL and table layers raise: errno, SQLSTATE and MySQL's
 * message template ({@link String#format} syntax). Numbers above 8000 are TiDB's.
 */
public enum SqlError {
  DB_CREATE_EXISTS(1007, "HY000", "Can't create database '%s'; database exists"),
  DB_DROP_EXISTS(1008, "HY000", "Can't drop database '%s'; database doesn't exist"),
  BAD_NULL(1048, "23000", "Column '%s' cannot be null"),
  BAD_DB(1049, "42000", "Unknown database '%s'"),
  TABLE_EXISTS(1050, "42S01", "Table '%s' already exists"),
  BAD_TABLE(1051, "42S02", "Unknown table '%s'"),
  BAD_FIELD(1054, "42S22", "Unknown column '%s' in '%s'"),
  TOO_LONG_IDENT(1059, "42000", "Identifier name '%s' is too long"),
  DUP_FIELDNAME(1060, "42S21", "Duplicate column name '%s'"),
  DUP_KEYNAME(1061, "42000", "Duplicate key name '%s'"),
  DUP_ENTRY(1062, "23000", "Duplicate entry '%s' for key '%s'"),
  WRONG_FIELD_SPEC(1063, "42000", "Incorrect column specifier for column '%s'"),
  INVALID_DEFAULT(1067, "42000", "Invalid default value for '%s'"),
  MULTIPLE_PRI_KEY(1068, "42000", "Multiple primary key defined"),
  KEY_COLUMN_DOES_NOT_EXIST(1072, "42000", "Key column '%s' doesn't exist in table"),
  TOO_BIG_FIELDLENGTH(1074, "42000",
      "Column length too big for column '%s' (max = %d); use BLOB or TEXT instead"),
  WRONG_AUTO_KEY(1075, "42000",
      "Incorrect table definition; there can be only one auto column and it must be defined as"
          + " a key"),
  WRONG_SUB_KEY(1089, "HY000",
      "Incorrect prefix key; the used key part isn't a string, the used length is longer than"
          + " the key part, or the storage engine doesn't support unique prefix keys"),
  CANT_REMOVE_ALL_FIELDS(1090, "42000",
      "You can't delete all columns with ALTER TABLE; use DROP TABLE instead"),
  CANT_DROP_FIELD_OR_KEY(1091, "42000", "Can't DROP '%s'; check that column/key exists"),
  BLOB_CANT_HAVE_DEFAULT(1101, "42000", "BLOB/TEXT column '%s' can't have a default value"),
  UNKNOWN_ERROR(1105, "HY000", "%s"),
  TABLE_MUST_HAVE_COLUMNS(1113, "42000", "A table must have at least 1 column"),
  UNKNOWN_CHARACTER_SET(1115, "42000", "Unknown character set: '%s'"),
  NO_SUCH_TABLE(1146, "42S02", "Table '%s.%s' doesn't exist"),
  BLOB_KEY_WITHOUT_LENGTH(1170, "42000",
      "BLOB/TEXT column '%s' used in key specification without a key length"),
  PRIMARY_CANT_HAVE_NULL(1171, "42000",
      "All parts of a PRIMARY KEY must be NOT NULL; if you need NULL in a key, use UNIQUE"
          + " instead"),
  WARN_DATA_OUT_OF_RANGE(1264, "22003", "Out of range value for column '%s' at row %d"),
  UNKNOWN_COLLATION(1273, "HY000", "Unknown collation: '%s'"),
  WRONG_OBJECT(1347, "HY000", "'%s.%s' is not %s"),
  INVALID_ON_UPDATE(1294, "HY000", "Invalid ON UPDATE clause for '%s' column"),
  NO_DEFAULT_FOR_FIELD(1364, "HY000", "Field '%s' doesn't have a default value"),
  DATA_TOO_LONG(1406, "22001", "Data too long for column '%s' at row %d"),
  ADMIN_CHECK_TABLE(8003, "HY000", "ADMIN CHECK TABLE failed: %s"),
  UNSUPPORTED_DDL(8200, "HY000", "Unsupported %s");

  private final int errno;
  private final String sqlState;
  private final String template;

  SqlError(int errno, String sqlState, String template) {
    this.errno = errno;
    this.sqlState = sqlState;
    this.template = template;
  }

  public int errno() {
    return errno;
  }

  public String sqlState() {
    return sqlState;
  }

  /** A {@link SqlException} with this error's numbers and the filled-in message. */
  public SqlException exception(Object... args) {
    return new SqlException(errno, sqlState, String.format(template, args));
  }
}
