package io.cairn.sql.engine;

import io.cairn.sql.parser.ast.SqlTableAsOf;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * The {@code AS OF TIMESTAMP} clauses of one statement (TiDB's stale read), taken out of its
 * tree so that the rest of the engine plans ordinary table references. A stale read is a
 * property of the statement's transaction, not of its plan: the session runs the statement at
 * the clauses' timestamp, and the plan reads whatever transaction the statement runs in.
 *
 * <p>{@link #strip} rewrites the FROM clauses of every SELECT in place and counts the table
 * names read without a clause, because TiDB reads a whole statement at one timestamp: every
 * table of a statement that has one clause needs the same one. Clauses outside a SELECT's FROM
 * (in a DML statement's own table list) stay in the tree and are counted as {@link
 * #unstripped}; the session refuses such statements.
 */
final class AsOfClauses {
  private final List<SqlNode> timestamps = new ArrayList<>();
  private int plainTables;
  private int unstripped;

  private AsOfClauses() {}

  /** Removes the clauses of the SELECTs in {@code node} (in place) and returns them. */
  static AsOfClauses strip(SqlNode node) {
    AsOfClauses clauses = new AsOfClauses();
    node.accept(clauses.new Stripper());
    return clauses;
  }

  /** The timestamp expressions, in the order they were written. */
  List<SqlNode> timestamps() {
    return timestamps;
  }

  boolean isEmpty() {
    return timestamps.isEmpty() && unstripped == 0;
  }

  /** Whether some tables of the statement have a clause and others do not. */
  boolean mixed() {
    return !timestamps.isEmpty() && plainTables > 0;
  }

  /** How many clauses were outside any SELECT's FROM, and are still in the tree. */
  int unstripped() {
    return unstripped;
  }

  private final class Stripper extends SqlBasicVisitor<Void> {
    @Override
    public Void visit(SqlCall call) {
      if (call instanceof SqlTableAsOf) {
        unstripped++;
        return super.visit(call);
      }
      if (call instanceof SqlSelect select && select.getFrom() != null) {
        select.setFrom(fromItem(select.getFrom()));
        for (SqlNode operand : select.getOperandList()) {
          if (operand != null && operand != select.getFrom()) {
            operand.accept(this);
          }
        }
        return null;
      }
      return super.visit(call);
    }

    private SqlNode fromItem(SqlNode item) {
      if (item instanceof SqlTableAsOf asOf) {
        timestamps.add(asOf.timestamp());
        return asOf.table();
      }
      if (item instanceof SqlIdentifier) {
        plainTables++;
        return item;
      }
      if (item instanceof SqlJoin join) {
        join.setLeft(fromItem(join.getLeft()));
        join.setRight(fromItem(join.getRight()));
        if (join.getCondition() != null) {
          join.getCondition().accept(this);
        }
        return join;
      }
      if (item.getKind() == SqlKind.AS) {
        SqlCall as = (SqlCall) item;
        SqlNode table = as.operand(0);
        if (table instanceof SqlTableAsOf asOf) {
          timestamps.add(asOf.timestamp());
          as.setOperand(0, asOf.table());
        } else if (table instanceof SqlIdentifier) {
          plainTables++;
        } else {
          table.accept(this);
        }
        return item;
      }
      item.accept(this);
      return item;
    }
  }
}
