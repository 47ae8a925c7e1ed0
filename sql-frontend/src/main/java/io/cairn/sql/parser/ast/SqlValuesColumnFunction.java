package io.cairn.sql.parser.ast;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;

/**
 * MySQL's {@code VALUES(col)} inside {@code ON DUPLICATE KEY UPDATE}: the value the INSERT would
 * have written to {@code col}. Stateless; one shared instance.
 */
public final class SqlValuesColumnFunction extends SqlFunction {
  public static final SqlValuesColumnFunction INSTANCE = new SqlValuesColumnFunction();

  private SqlValuesColumnFunction() {
    super("VALUES", SqlKind.OTHER_FUNCTION, ReturnTypes.ARG0, null, OperandTypes.ANY,
        SqlFunctionCategory.SYSTEM);
  }

  @Override
  public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
    writer.keyword("VALUES");
    SqlWriter.Frame frame = writer.startList("(", ")");
    call.operand(0).unparse(writer, 0, 0);
    writer.endList(frame);
  }
}
