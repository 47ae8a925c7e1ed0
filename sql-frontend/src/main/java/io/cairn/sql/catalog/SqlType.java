package io.cairn.sql.catalog;

import io.cairn.codec.ColumnType;
import io.cairn.codec.DecimalCodec;
import io.cairn.sql.session.ColumnMetadata;
import io.cairn.sql.session.MysqlType;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A MySQL column type with its attributes, and the one place that maps it to the codec's
 * {@link ColumnType}, to the protocol's {@link MysqlType} and column flags, and to the limits a
 * write must respect.
 *
 * <p>{@code length} means: the display width of integer types (informational, -1 when not
 * given), the precision of DECIMAL, the length in characters of CHAR/VARCHAR and in bytes of
 * BINARY/VARBINARY, and is -1 for every other kind. {@code scale} is the scale of DECIMAL, the
 * fractional-seconds precision (fsp) of DATETIME/TIMESTAMP/TIME, and 0 otherwise.
 *
 * <p>Java values of each kind (what the table layer reads and writes; SQL NULL is
 * {@code null}): integer kinds and YEAR {@link Long} (unsigned kinds hold the unsigned bits),
 * DECIMAL {@link BigDecimal}, FLOAT/DOUBLE {@link Double}, character types, byte types and
 * JSON {@code byte[]} (characters as UTF-8; JSON as its UTF-8 text), DATE/DATETIME/TIMESTAMP
 * {@link io.cairn.codec.MysqlTime}, TIME {@link java.time.Duration}.
 */
public record SqlType(TypeKind kind, int length, int scale, boolean unsigned, boolean zerofill) {

  /** MySQL's maximum length in bytes of a row's VARCHAR; a bound for CHAR/VARCHAR lengths. */
  public static final int MAX_VARCHAR_LENGTH = 65535;

  public SqlType {
    if (kind == null) {
      throw new IllegalArgumentException("type kind is required");
    }
    if ((unsigned || zerofill) && !kind.isNumeric()) {
      throw new IllegalArgumentException(kind + " cannot be UNSIGNED or ZEROFILL");
    }
    if (zerofill) {
      unsigned = true;
    }
    switch (kind) {
      case DECIMAL -> {
        if (length < 1 || length > DecimalCodec.MAX_PRECISION || scale < 0
            || scale > DecimalCodec.MAX_FRAC || scale > length) {
          throw new IllegalArgumentException("bad DECIMAL(" + length + "," + scale + ")");
        }
      }
      case DATETIME, TIMESTAMP, TIME -> {
        if (scale < 0 || scale > 6 || length != -1) {
          throw new IllegalArgumentException(kind + " takes fsp 0..6, got " + scale);
        }
      }
      case CHAR, BINARY -> {
        if (length < 0 || length > 255) {
          throw new IllegalArgumentException(kind + " length must be 0..255, got " + length);
        }
        requireScale(kind, scale);
      }
      case VARCHAR, VARBINARY -> {
        if (length < 0 || length > MAX_VARCHAR_LENGTH) {
          throw new IllegalArgumentException(kind + " length must be 0..65535, got " + length);
        }
        requireScale(kind, scale);
      }
      case FLOAT, DOUBLE -> {
        if (length < -1 || scale < 0 || scale > 30) {
          throw new IllegalArgumentException("bad " + kind + " length/scale");
        }
      }
      default -> {
        if (!kind.isInteger() && length != -1) {
          throw new IllegalArgumentException(kind + " takes no length");
        }
        requireScale(kind, scale);
      }
    }
  }

  private static void requireScale(TypeKind kind, int scale) {
    if (scale != 0) {
      throw new IllegalArgumentException(kind + " takes no scale");
    }
  }

  public static SqlType of(TypeKind kind) {
    return switch (kind) {
      case DECIMAL -> decimal(10, 0);
      case CHAR, BINARY -> new SqlType(kind, 1, 0, false, false);
      case VARCHAR, VARBINARY ->
          throw new IllegalArgumentException(kind + " needs a length");
      default -> new SqlType(kind, -1, 0, false, false);
    };
  }

  public static SqlType bigint() {
    return of(TypeKind.BIGINT);
  }

  public static SqlType integer() {
    return of(TypeKind.INT);
  }

  /** BOOLEAN / BOOL: {@code TINYINT(1)}. */
  public static SqlType bool() {
    return new SqlType(TypeKind.TINYINT, 1, 0, false, false);
  }

  public static SqlType decimal(int precision, int scale) {
    return new SqlType(TypeKind.DECIMAL, precision, scale, false, false);
  }

  public static SqlType varchar(int length) {
    return new SqlType(TypeKind.VARCHAR, length, 0, false, false);
  }

  public static SqlType charType(int length) {
    return new SqlType(TypeKind.CHAR, length, 0, false, false);
  }

  public static SqlType varbinary(int length) {
    return new SqlType(TypeKind.VARBINARY, length, 0, false, false);
  }

  public static SqlType binary(int length) {
    return new SqlType(TypeKind.BINARY, length, 0, false, false);
  }

  /** DATETIME, TIMESTAMP or TIME with the given fsp. */
  public static SqlType temporal(TypeKind kind, int fsp) {
    return new SqlType(kind, -1, fsp, false, false);
  }

  public SqlType withUnsigned() {
    return new SqlType(kind, length, scale, true, zerofill);
  }

  /** The codec's view of the type: how values are stored in rows and index keys. */
  public ColumnType columnType() {
    return switch (kind) {
      case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT ->
          unsigned ? ColumnType.UINT64 : ColumnType.INT64;
      case YEAR -> ColumnType.INT64;
      case DECIMAL -> ColumnType.decimal(length, scale);
      case FLOAT, DOUBLE -> ColumnType.FLOAT64;
      case DATE -> ColumnType.DATE;
      case DATETIME -> ColumnType.datetime(scale);
      case TIMESTAMP -> ColumnType.timestamp(scale);
      case TIME -> ColumnType.duration(scale);
      default -> ColumnType.BYTES;
    };
  }

  /** The protocol type sent in result-set column definitions. */
  public MysqlType mysqlType() {
    return switch (kind) {
      case TINYINT -> MysqlType.TINY;
      case SMALLINT -> MysqlType.SHORT;
      case MEDIUMINT -> MysqlType.INT24;
      case INT -> MysqlType.LONG;
      case BIGINT -> MysqlType.LONGLONG;
      case DECIMAL -> MysqlType.NEWDECIMAL;
      case FLOAT -> MysqlType.FLOAT;
      case DOUBLE -> MysqlType.DOUBLE;
      case CHAR, BINARY -> MysqlType.STRING;
      case VARCHAR, VARBINARY -> MysqlType.VAR_STRING;
      case TINYTEXT, TEXT, MEDIUMTEXT, LONGTEXT, TINYBLOB, BLOB, MEDIUMBLOB, LONGBLOB ->
          MysqlType.BLOB;
      case DATE -> MysqlType.DATE;
      case DATETIME -> MysqlType.DATETIME;
      case TIMESTAMP -> MysqlType.TIMESTAMP;
      case TIME -> MysqlType.TIME;
      case YEAR -> MysqlType.YEAR;
      case JSON -> MysqlType.JSON;
    };
  }

  /** The type's own protocol flags (UNSIGNED, ZEROFILL, BINARY, BLOB, NUM, TIMESTAMP). */
  public int protocolFlags() {
    int f = 0;
    if (unsigned) {
      f |= ColumnMetadata.UNSIGNED_FLAG;
    }
    if (zerofill) {
      f |= ColumnMetadata.ZEROFILL_FLAG;
    }
    if (kind.isNumeric()) {
      f |= ColumnMetadata.NUM_FLAG;
    }
    if (kind.isBinary() || kind.isNumeric() || kind.isTemporal() || kind == TypeKind.JSON) {
      f |= ColumnMetadata.BINARY_FLAG;
    }
    if (kind.isLob()) {
      f |= ColumnMetadata.BLOB_FLAG;
    }
    if (kind == TypeKind.TIMESTAMP) {
      f |= ColumnMetadata.TIMESTAMP_FLAG;
    }
    return f;
  }

  /** The protocol's column length: display characters (bytes for utf8mb4 text, x4). */
  public long displayLength() {
    return switch (kind) {
      case TINYINT -> length > 0 ? length : unsigned ? 3 : 4;
      case SMALLINT -> length > 0 ? length : unsigned ? 5 : 6;
      case MEDIUMINT -> length > 0 ? length : unsigned ? 8 : 9;
      case INT -> length > 0 ? length : unsigned ? 10 : 11;
      case BIGINT -> 20;
      case YEAR -> 4;
      case DECIMAL -> length + (scale > 0 ? 1 : 0) + (unsigned ? 0 : 1);
      case FLOAT -> 12;
      case DOUBLE -> 22;
      case CHAR, VARCHAR -> 4L * length;
      case BINARY, VARBINARY -> length;
      case TINYTEXT -> 4L * 255;
      case TEXT -> 4L * 65535;
      case MEDIUMTEXT -> 4L * 16777215;
      case LONGTEXT, LONGBLOB, JSON -> 4294967295L;
      case TINYBLOB -> 255;
      case BLOB -> 65535;
      case MEDIUMBLOB -> 16777215;
      case DATE -> 10;
      case DATETIME, TIMESTAMP -> 19 + (scale > 0 ? scale + 1 : 0);
      case TIME -> 10 + (scale > 0 ? scale + 1 : 0);
    };
  }

  /** The protocol's shown decimals: DECIMAL scale, temporal fsp, 31 for FLOAT/DOUBLE. */
  public int protocolDecimals() {
    return switch (kind) {
      case DECIMAL, DATETIME, TIMESTAMP, TIME -> scale;
      case FLOAT, DOUBLE -> scale > 0 ? scale : 31;
      default -> 0;
    };
  }

  /**
   * The protocol collation id for a column of this type with {@code collation}: 63 (binary)
   * for every non-character type.
   */
  public int protocolCollationId(String collation) {
    if (!kind.isText()) {
      return ColumnMetadata.COLLATION_BINARY;
    }
    return Collations.id(collation);
  }

  /** The smallest value of an integer kind (as a signed value), for range checks. */
  public BigInteger minInteger() {
    if (!kind.isInteger()) {
      throw new IllegalStateException(kind + " is not an integer type");
    }
    return unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits() - 1).negate();
  }

  /** The largest value of an integer kind, for range checks. */
  public BigInteger maxInteger() {
    if (!kind.isInteger()) {
      throw new IllegalStateException(kind + " is not an integer type");
    }
    return unsigned
        ? BigInteger.ONE.shiftLeft(bits()).subtract(BigInteger.ONE)
        : BigInteger.ONE.shiftLeft(bits() - 1).subtract(BigInteger.ONE);
  }

  private int bits() {
    return switch (kind) {
      case TINYINT -> 8;
      case SMALLINT -> 16;
      case MEDIUMINT -> 24;
      case INT -> 32;
      default -> 64;
    };
  }

  /**
   * The largest value length: characters for CHAR/VARCHAR, bytes for everything else with a
   * length limit (BINARY, VARBINARY, TEXT and BLOB families, JSON); -1 for non-string kinds.
   */
  public long maxLength() {
    return switch (kind) {
      case CHAR, VARCHAR, BINARY, VARBINARY -> length;
      case TINYTEXT, TINYBLOB -> 255;
      case TEXT, BLOB -> 65535;
      case MEDIUMTEXT, MEDIUMBLOB -> 16777215;
      case LONGTEXT, LONGBLOB, JSON -> 4294967295L;
      default -> -1;
    };
  }

  /** True when {@link #maxLength()} counts characters rather than bytes. */
  public boolean lengthInCharacters() {
    return kind == TypeKind.CHAR || kind == TypeKind.VARCHAR;
  }

  /** The type as MySQL 8 prints it in SHOW CREATE TABLE, e.g. {@code int unsigned}. */
  public String toSql() {
    StringBuilder sb = new StringBuilder(kind.sqlName());
    switch (kind) {
      case TINYINT -> {
        if (length == 1) {
          sb.append("(1)");
        }
      }
      case DECIMAL -> sb.append('(').append(length).append(',').append(scale).append(')');
      case CHAR, VARCHAR, BINARY, VARBINARY -> sb.append('(').append(length).append(')');
      case DATETIME, TIMESTAMP, TIME -> {
        if (scale > 0) {
          sb.append('(').append(scale).append(')');
        }
      }
      case FLOAT, DOUBLE -> {
        if (length > 0) {
          sb.append('(').append(length).append(',').append(scale).append(')');
        }
      }
      default -> {}
    }
    if (unsigned) {
      sb.append(" unsigned");
    }
    if (zerofill) {
      sb.append(" zerofill");
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return toSql();
  }
}
