package io.cairn.sql.engine;

import io.cairn.sql.catalog.ColumnDefault;
import io.cairn.sql.catalog.ColumnInfo;
import io.cairn.sql.catalog.IndexColumn;
import io.cairn.sql.catalog.IndexInfo;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.catalog.TypeKind;
import io.cairn.sql.table.Values;

/** The text of SHOW CREATE TABLE, in MySQL 8.0's layout. Stateless. */
final class ShowCreateTable {
  private ShowCreateTable() {}

  static String text(TableInfo t) {
    StringBuilder sb = new StringBuilder("CREATE TABLE ").append(quote(t.name())).append(" (\n");
    boolean first = true;
    for (ColumnInfo c : t.publicColumns()) {
      sb.append(first ? "" : ",\n").append("  ").append(column(t, c));
      first = false;
    }
    IndexInfo pk = t.primaryKey().orElse(null);
    if (pk != null) {
      sb.append(",\n  PRIMARY KEY (").append(parts(pk)).append(')');
    }
    for (IndexInfo i : t.indexes()) {
      if (i.primary() || !i.isReadable()) {
        continue;
      }
      sb.append(",\n  ").append(i.unique() ? "UNIQUE KEY " : "KEY ").append(quote(i.name()))
          .append(" (").append(parts(i)).append(')');
      if (!i.comment().isEmpty()) {
        sb.append(" COMMENT '").append(escape(i.comment())).append('\'');
      }
    }
    sb.append("\n) ENGINE=InnoDB DEFAULT CHARSET=").append(t.charset())
        .append(" COLLATE=").append(t.collation());
    if (!t.comment().isEmpty()) {
      sb.append(" COMMENT='").append(escape(t.comment())).append('\'');
    }
    return sb.toString();
  }

  private static String column(TableInfo t, ColumnInfo c) {
    StringBuilder sb = new StringBuilder(quote(c.name())).append(' ').append(c.type().toSql());
    String collation = ColumnDescriptions.collation(t, c);
    if (collation != null && !collation.equals(t.collation())) {
      sb.append(" COLLATE ").append(collation);
    }
    if (!c.nullable()) {
      sb.append(" NOT NULL");
    } else if (c.type().kind() == TypeKind.TIMESTAMP) {
      sb.append(" NULL");
    }
    switch (c.defaultValue()) {
      case ColumnDefault.CurrentTimestamp ct -> sb.append(" DEFAULT CURRENT_TIMESTAMP")
          .append(c.type().scale() > 0 ? "(" + c.type().scale() + ")" : "");
      case ColumnDefault.Literal l -> {
        if (l.value() == null) {
          if (!c.type().kind().isLob() && c.type().kind() != TypeKind.JSON) {
            sb.append(" DEFAULT NULL");
          }
        } else {
          sb.append(" DEFAULT '").append(escape(Values.toText(c.type(), l.value()))).append('\'');
        }
      }
      case ColumnDefault.None n -> {
        if (c.nullable() && !c.autoIncrement() && !c.type().kind().isLob() && c.type().kind() != TypeKind.JSON) {
          sb.append(" DEFAULT NULL");
        }
      }
    }
    if (c.onUpdateCurrentTimestamp()) {
      sb.append(" ON UPDATE CURRENT_TIMESTAMP").append(c.type().scale() > 0 ? "(" + c.type().scale() + ")" : "");
    }
    if (c.autoIncrement()) {
      sb.append(" AUTO_INCREMENT");
    }
    if (!c.comment().isEmpty()) {
      sb.append(" COMMENT '").append(escape(c.comment())).append('\'');
    }
    return sb.toString();
  }

  private static String parts(IndexInfo i) {
    StringBuilder sb = new StringBuilder();
    for (IndexColumn ic : i.columns()) {
      if (!sb.isEmpty()) {
        sb.append(',');
      }
      sb.append(quote(ic.name()));
      if (ic.hasPrefix()) {
        sb.append('(').append(ic.prefixLength()).append(')');
      }
    }
    return sb.toString();
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("'", "''");
  }
}
