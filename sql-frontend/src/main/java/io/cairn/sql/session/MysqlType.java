package io.cairn.sql.session;

/**
 * The column types of the MySQL protocol ({@code enum_field_types}), with their wire codes.
 */
public enum MysqlType {
  DECIMAL(0x00),
  TINY(0x01),
  SHORT(0x02),
  LONG(0x03),
  FLOAT(0x04),
  DOUBLE(0x05),
  NULL(0x06),
  TIMESTAMP(0x07),
  LONGLONG(0x08),
  INT24(0x09),
  DATE(0x0a),
  TIME(0x0b),
  DATETIME(0x0c),
  YEAR(0x0d),
  VARCHAR(0x0f),
  BIT(0x10),
  JSON(0xf5),
  NEWDECIMAL(0xf6),
  ENUM(0xf7),
  SET(0xf8),
  TINY_BLOB(0xf9),
  MEDIUM_BLOB(0xfa),
  LONG_BLOB(0xfb),
  BLOB(0xfc),
  VAR_STRING(0xfd),
  STRING(0xfe),
  GEOMETRY(0xff);

  private final int code;

  MysqlType(int code) {
    this.code = code;
  }

  /** The one-byte type code sent in column definitions and binary-protocol parameters. */
  public int code() {
    return code;
  }

  public static MysqlType fromCode(int code) {
    for (MysqlType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown MySQL type code 0x" + Integer.toHexString(code));
  }
}
