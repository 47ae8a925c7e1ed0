package io.cairn.mysql.conn;

import io.cairn.sql.session.ColumnMetadata;
import io.cairn.sql.session.MysqlType;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one row of {@code SHOW COLUMNS} (Field, Type, Null, Key, Default, Extra) into the
 * column definition COM_FIELD_LIST answers with.
 */
final class FieldTypes {

  private static final Pattern TYPE = Pattern.compile("([a-z]+)(?:\\((\\d+)(?:,(\\d+))?\\))?.*");

  private FieldTypes() {}

  static ColumnMetadata fromShowColumns(
      String schema, String table, String name, String type, String nullable, String key,
      String extra) {
    String t = type.toLowerCase(Locale.ROOT).trim();
    Matcher m = TYPE.matcher(t);
    String base = m.matches() ? m.group(1) : t;
    long length = m.matches() && m.group(2) != null ? Long.parseLong(m.group(2)) : 0;
    int decimals = m.matches() && m.group(3) != null ? Integer.parseInt(m.group(3)) : 0;
    int flags = 0;
    if ("NO".equalsIgnoreCase(nullable)) {
      flags |= ColumnMetadata.NOT_NULL_FLAG;
    }
    switch (key.toUpperCase(Locale.ROOT)) {
      case "PRI" -> flags |= ColumnMetadata.PRI_KEY_FLAG;
      case "UNI" -> flags |= ColumnMetadata.UNIQUE_KEY_FLAG;
      case "MUL" -> flags |= ColumnMetadata.MULTIPLE_KEY_FLAG;
      default -> { }
    }
    if (t.contains("unsigned")) {
      flags |= ColumnMetadata.UNSIGNED_FLAG;
    }
    if (extra.toLowerCase(Locale.ROOT).contains("auto_increment")) {
      flags |= ColumnMetadata.AUTO_INCREMENT_FLAG;
    }
    int collation = ColumnMetadata.COLLATION_UTF8MB4_GENERAL_CI;
    MysqlType mt;
    switch (base) {
      case "tinyint", "bool", "boolean" -> mt = MysqlType.TINY;
      case "smallint" -> mt = MysqlType.SHORT;
      case "mediumint" -> mt = MysqlType.INT24;
      case "int", "integer" -> mt = MysqlType.LONG;
      case "bigint" -> mt = MysqlType.LONGLONG;
      case "float" -> mt = MysqlType.FLOAT;
      case "double", "real" -> mt = MysqlType.DOUBLE;
      case "decimal", "numeric", "dec" -> mt = MysqlType.NEWDECIMAL;
      case "date" -> mt = MysqlType.DATE;
      case "datetime" -> mt = MysqlType.DATETIME;
      case "timestamp" -> mt = MysqlType.TIMESTAMP;
      case "time" -> mt = MysqlType.TIME;
      case "year" -> mt = MysqlType.YEAR;
      case "char" -> mt = MysqlType.STRING;
      case "varchar" -> mt = MysqlType.VAR_STRING;
      case "binary" -> {
        mt = MysqlType.STRING;
        collation = ColumnMetadata.COLLATION_BINARY;
        flags |= ColumnMetadata.BINARY_FLAG;
      }
      case "varbinary" -> {
        mt = MysqlType.VAR_STRING;
        collation = ColumnMetadata.COLLATION_BINARY;
        flags |= ColumnMetadata.BINARY_FLAG;
      }
      case "tinytext", "text", "mediumtext", "longtext" -> {
        mt = MysqlType.BLOB;
        flags |= ColumnMetadata.BLOB_FLAG;
      }
      case "tinyblob", "blob", "mediumblob", "longblob" -> {
        mt = MysqlType.BLOB;
        collation = ColumnMetadata.COLLATION_BINARY;
        flags |= ColumnMetadata.BLOB_FLAG | ColumnMetadata.BINARY_FLAG;
      }
      case "bit" -> mt = MysqlType.BIT;
      case "enum" -> {
        mt = MysqlType.STRING;
        flags |= ColumnMetadata.ENUM_FLAG;
      }
      case "set" -> {
        mt = MysqlType.STRING;
        flags |= ColumnMetadata.SET_FLAG;
      }
      case "json" -> mt = MysqlType.JSON;
      default -> mt = MysqlType.GEOMETRY;
    }
    return new ColumnMetadata(
        schema, table, table, name, name, collation, length, mt, flags, decimals);
  }
}
