package io.cairn.sql.parser.ast;

import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/**
 * {@code SET [GLOBAL|SESSION] TRANSACTION characteristic [, characteristic]}. Scope DEFAULT means
 * no scope keyword: the characteristics apply to the next transaction only. At least one of
 * {@code isolationLevel} and {@code accessMode} is non-null. {@code asOf} is the expression of
 * {@code READ ONLY AS OF TIMESTAMP expr} (TiDB's stale read of the next transaction), or null.
 */
public final class SqlSetTransaction extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("SET TRANSACTION", SqlKind.OTHER);
  private final VariableScope scope;
  private final IsolationLevel isolationLevel;
  private final AccessMode accessMode;
  private final SqlNode asOf;

  public SqlSetTransaction(SqlParserPos pos, VariableScope scope, IsolationLevel isolationLevel,
      AccessMode accessMode) {
    this(pos, scope, isolationLevel, accessMode, null);
  }

  public SqlSetTransaction(SqlParserPos pos, VariableScope scope, IsolationLevel isolationLevel,
      AccessMode accessMode, SqlNode asOf) {
    super(pos, OPERATOR);
    this.scope = scope;
    this.isolationLevel = isolationLevel;
    this.accessMode = accessMode;
    this.asOf = asOf;
  }

  public VariableScope scope() {
    return scope;
  }

  public IsolationLevel isolationLevel() {
    return isolationLevel;
  }

  public AccessMode accessMode() {
    return accessMode;
  }

  /** The timestamp expression of {@code READ ONLY AS OF TIMESTAMP}, or null. */
  public SqlNode asOf() {
    return asOf;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(symbol(scope), symbol(isolationLevel), symbol(accessMode), asOf);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("SET");
    if (scope != VariableScope.DEFAULT) {
      writer.keyword(scope.name());
    }
    writer.keyword("TRANSACTION");
    SqlWriter.Frame frame = writer.startList("", "");
    if (isolationLevel != null) {
      writer.sep(",");
      writer.keyword("ISOLATION LEVEL");
      writer.keyword(isolationLevel.sql());
    }
    if (accessMode != null) {
      writer.sep(",");
      writer.keyword(accessMode.sql());
      if (asOf != null) {
        writer.keyword("AS OF TIMESTAMP");
        asOf.unparse(writer, 0, 0);
      }
    }
    writer.endList(frame);
  }
}
