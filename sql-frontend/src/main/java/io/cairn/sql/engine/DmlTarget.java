package io.cairn.sql.engine;

import io.cairn.sql.catalog.InfoSchema;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.session.SqlException;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/** The table an INSERT, UPDATE or DELETE writes, resolved against the statement's catalog. */
record DmlTarget(String db, TableInfo table, SqlIdentifier name) {

  static DmlTarget resolve(CairnSession session, SqlNode target, String verb) {
    SqlNode node = target;
    if (node instanceof SqlBasicCall c && c.getKind() == SqlKind.AS) {
      node = c.operand(0);
    }
    if (!(node instanceof SqlIdentifier id) || id.names.size() > 2) {
      throw Errors.notSupported(verb + " into " + target);
    }
    String db = session.databaseOf(id);
    String name = CairnSession.nameOf(id);
    if (db.equalsIgnoreCase(CatalogResolver.INFORMATION_SCHEMA)) {
      throw new SqlException(1044, "42000", "Access denied for user '" + session.user()
          + "'@'%' to database 'information_schema'");
    }
    InfoSchema is = session.txn().schema();
    TableInfo t = is.requireTable(db, name);
    if (t.isView()) {
      throw new SqlException(1471, "HY000",
          "The target table " + t.name() + " of the " + verb + " is not insertable-into");
    }
    return new DmlTarget(is.requireDatabase(db).name(), t, id);
  }

  /** The table as a quoted, qualified name. */
  String quoted() {
    return "`" + db.replace("`", "``") + "`.`" + table.name().replace("`", "``") + "`";
  }
}
