package io.cairn.sql.engine;

import io.cairn.sql.catalog.ColumnDefault;
import io.cairn.sql.catalog.ColumnInfo;
import io.cairn.sql.catalog.IndexInfo;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.table.Values;

/**
 * How SHOW COLUMNS, SHOW CREATE TABLE and information_schema.COLUMNS describe a column: its
 * key marker, default text, EXTRA and collation. Stateless.
 */
final class ColumnDescriptions {
  private ColumnDescriptions() {}

  /** PRI, UNI, MUL or "" as SHOW COLUMNS' Key. */
  static String key(TableInfo t, ColumnInfo c) {
    String key = "";
    for (IndexInfo i : t.indexes()) {
      if (!i.isReadable() && !(i.primary() && t.pkIsHandle())) {
        continue;
      }
      if (!i.columns().get(0).name().equalsIgnoreCase(c.name())) {
        continue;
      }
      if (i.primary()) {
        return "PRI";
      }
      if (i.unique() && i.columns().size() == 1) {
        key = "UNI";
      } else if (key.isEmpty()) {
        key = "MUL";
      }
    }
    return key;
  }

  /** The default as text (null for none and for DEFAULT NULL), as SHOW COLUMNS prints it. */
  static String defaultText(ColumnInfo c) {
    return switch (c.defaultValue()) {
      case ColumnDefault.None n -> null;
      case ColumnDefault.CurrentTimestamp ct -> "CURRENT_TIMESTAMP";
      case ColumnDefault.Literal l -> l.value() == null ? null : Values.toText(c.type(), l.value());
    };
  }

  /** SHOW COLUMNS' Extra. */
  static String extra(ColumnInfo c) {
    StringBuilder sb = new StringBuilder();
    if (c.autoIncrement()) {
      sb.append("auto_increment");
    }
    if (c.defaultValue() instanceof ColumnDefault.CurrentTimestamp) {
      sb.append("DEFAULT_GENERATED");
    }
    if (c.onUpdateCurrentTimestamp()) {
      if (!sb.isEmpty()) {
        sb.append(' ');
      }
      sb.append("on update CURRENT_TIMESTAMP");
    }
    return sb.toString();
  }

  /** The column's collation (null for non-character columns). */
  static String collation(TableInfo t, ColumnInfo c) {
    if (!c.type().kind().isText()) {
      return null;
    }
    return c.collation() != null ? c.collation() : t.collation();
  }

  /** The character set of a collation name. */
  static String charsetOf(String collation) {
    if (collation == null) {
      return null;
    }
    int u = collation.indexOf('_');
    return u < 0 ? collation : collation.substring(0, u);
  }
}
