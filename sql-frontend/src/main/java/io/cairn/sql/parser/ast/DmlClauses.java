package io.cairn.sql.parser.ast;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;

/**
 * What UPDATE and DELETE share in the grammar: the ORDER BY / LIMIT tail MySQL allows on the
 * single-table forms, and telling the single-table form from table references.
 */
public final class DmlClauses {
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

  /** Writes table references as a SELECT writes its FROM clause (a join needs that frame). */
  static void unparseTableReferences(SqlWriter writer, SqlNode from) {
    SqlWriter.Frame frame = writer.startList(SqlWriter.FrameTypeEnum.FROM_LIST);
    from.unparse(writer, SqlJoin.OPERATOR.getLeftPrec() - 1, SqlJoin.OPERATOR.getRightPrec() - 1);
    writer.endList(frame);
  }

  /**
   * The table of table references that are one named table, {@code t} or {@code t [AS] a};
   * null for joins, comma lists, subqueries and anything else (the multi-table form).
   */
  public static SqlIdentifier singleTable(SqlNode from) {
    if (from instanceof SqlIdentifier id && !id.isStar()) {
      return id;
    }
    if (from instanceof SqlBasicCall as && as.getKind() == SqlKind.AS && as.operandCount() == 2
        && as.operand(0) instanceof SqlIdentifier id && !id.isStar()) {
      return id;
    }
    return null;
  }

  /** The alias of a {@link #singleTable} reference, or null when it has none. */
  public static SqlIdentifier singleTableAlias(SqlNode from) {
    return from instanceof SqlBasicCall as && as.getKind() == SqlKind.AS ? as.operand(1) : null;
  }
}
