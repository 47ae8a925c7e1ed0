package io.cairn.sql.parser.ast;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Base of the nodes Cairn's MySQL grammar adds to Calcite's.
 *
 * <p>Every flag and enum of a node is also one of its operands (as a literal), so that
 * {@link SqlNode#equalsDeep} compares whole statements; that is what the parse / unparse /
 * parse round-trip tests rely on. Absent optional parts are {@code null} operands. Nodes are
 * immutable once parsed; {@link #setOperand} is not supported.
 */
public abstract class CairnSqlCall extends SqlCall {
  private final SqlOperator operator;

  protected CairnSqlCall(SqlParserPos pos, SqlOperator operator) {
    super(pos);
    this.operator = operator;
  }

  /** An operator that only names a node kind; Cairn's nodes unparse themselves. */
  protected static SqlSpecialOperator operator(String name, SqlKind kind) {
    return new SqlSpecialOperator(name, kind);
  }

  @Override
  public SqlOperator getOperator() {
    return operator;
  }

  @Override
  public abstract List<SqlNode> getOperandList();

  @Override
  public abstract void unparse(SqlWriter writer, int leftPrec, int rightPrec);

  protected static SqlLiteral flag(boolean value) {
    return SqlLiteral.createBoolean(value, SqlParserPos.ZERO);
  }

  protected static SqlLiteral symbol(Enum<?> value) {
    return value == null ? null : SqlLiteral.createSymbol(value, SqlParserPos.ZERO);
  }

  /** Writes {@code nodes} separated by commas, without parentheses. */
  protected static void commaList(SqlWriter writer, List<? extends SqlNode> nodes) {
    SqlWriter.Frame frame = writer.startList("", "");
    for (SqlNode node : nodes) {
      writer.sep(",");
      node.unparse(writer, 0, 0);
    }
    writer.endList(frame);
  }

  /** Writes {@code nodes} separated by commas inside parentheses. */
  protected static void parenthesizedList(SqlWriter writer, List<? extends SqlNode> nodes) {
    SqlWriter.Frame frame = writer.startList("(", ")");
    for (SqlNode node : nodes) {
      writer.sep(",");
      node.unparse(writer, 0, 0);
    }
    writer.endList(frame);
  }
}
