package io.cairn.sql.parser.ast;

import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;

/** The ORDER BY / LIMIT tail MySQL allows on single-table UPDATE and DELETE. */
final class DmlClauses {
  private DmlClauses() {}

  static void unparseOrderByLimit(SqlWriter writer, SqlNodeList orderBy, SqlNode limit) {
    if (orderBy != null) {
      writer.keyword("ORDER BY");
      CairnSqlCall.commaList(writer, orderBy);
    }
    if (limit != null) {
      writer.keyword("LIMIT");
      limit.unparse(writer, 0, 0);
    }
  }
}
