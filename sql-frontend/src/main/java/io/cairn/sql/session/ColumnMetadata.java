package io.cairn.sql.session;

/**
 * One column of a result set, as the protocol's ColumnDefinition41 describes it.
 *
 * @param schema database of the underlying table, or "" for expressions
 * @param table alias of the table in the query, or ""
 * @param orgTable the table's real name, or ""
 * @param name the column's label in the result (alias or expression text)
 * @param orgName the underlying column's name, or ""
 * @param collationId MySQL collation id: 45 utf8mb4_general_ci, 46 utf8mb4_bin, 63 binary
 * @param length maximum display length in characters (bytes for binary types)
 * @param type the protocol type
 * @param flags {@link #NOT_NULL_FLAG} and friends, OR-ed
 * @param decimals shown decimals: the scale of DECIMAL, fsp of temporal types, 31 for
 *     floating point without a fixed scale, 0 otherwise
 */
public record ColumnMetadata(
    String schema,
    String table,
    String orgTable,
    String name,
    String orgName,
    int collationId,
    long length,
    MysqlType type,
    int flags,
    int decimals) {

  public static final int NOT_NULL_FLAG = 1;
  public static final int PRI_KEY_FLAG = 2;
  public static final int UNIQUE_KEY_FLAG = 4;
  public static final int MULTIPLE_KEY_FLAG = 8;
  public static final int BLOB_FLAG = 16;
  public static final int UNSIGNED_FLAG = 32;
  public static final int ZEROFILL_FLAG = 64;
  public static final int BINARY_FLAG = 128;
  public static final int ENUM_FLAG = 256;
  public static final int AUTO_INCREMENT_FLAG = 512;
  public static final int TIMESTAMP_FLAG = 1024;
  public static final int SET_FLAG = 2048;
  public static final int NUM_FLAG = 32768;

  public static final int COLLATION_UTF8MB4_GENERAL_CI = 45;
  public static final int COLLATION_UTF8MB4_BIN = 46;
  public static final int COLLATION_BINARY = 63;

  public boolean unsigned() {
    return (flags & UNSIGNED_FLAG) != 0;
  }
}
