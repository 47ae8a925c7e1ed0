package io.cairn.sql.plan;

import io.cairn.coprocessor.expr.ColumnRef;
import io.cairn.coprocessor.expr.EvalException;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.ExprBuilder;
import io.cairn.coprocessor.expr.FuncId;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.sql.session.SqlException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A MySQL scalar function or operator as Calcite sees it: a function bound to one evaluator {@link
 * FuncId}, whose result type is what {@link ExprBuilder} derives for the operand types (so that
 * validation and evaluation share one set of typing rules), and whose operand checking is
 * permissive, because MySQL coerces operands at evaluation time ({@code '12abc' + 1} is valid).
 * Predicates (comparisons, logic, IS, IN, BETWEEN, LIKE) are BOOLEAN to Calcite and BIGINT 0/1 to
 * the evaluator. {@link #CAST_NAME} takes its target as a string literal operand in the form {@link
 * CastTargets} reads. Immutable and thread-safe.
 */
public final class CairnOperator extends SqlFunction {
  public static final String CAST_NAME = "CAIRN_CAST";

  private final FuncId funcId;
  private final boolean predicate;
  private final ExprBuilder builder;

  CairnOperator(String name, SqlKind kind, FuncId funcId, boolean predicate, ExprBuilder builder) {
    super(name, kind, null, CairnOperator::inferUnknown, OperandTypes.VARIADIC,
        SqlFunctionCategory.USER_DEFINED_FUNCTION);
    this.funcId = funcId;
    this.predicate = predicate;
    this.builder = builder;
  }

  /** The evaluator function this operator denotes (for {@link #CAST_NAME}, {@link FuncId#CAST}). */
  public FuncId funcId() {
    return funcId;
  }

  /**
   * This operator applied to {@code args} as an evaluator expression. AND and OR take any
   * number of operands here (Calcite requires their calls flat: an AND never directly under an
   * AND), while the evaluator's are binary, so more operands become a left-deep chain, which
   * evaluates the same in three-valued logic.
   */
  public Expr call(ExprBuilder b, List<Expr> args) {
    if ((funcId == FuncId.AND || funcId == FuncId.OR) && args.size() > 2) {
      Expr acc = b.call(funcId, args.get(0), args.get(1));
      for (int i = 2; i < args.size(); i++) {
        acc = b.call(funcId, acc, args.get(i));
      }
      return acc;
    }
    return b.call(funcId, args);
  }

  public boolean isPredicate() {
    return predicate;
  }

  /**
   * The operator with its two operands swapped. Calcite's digest normalization swaps the
   * operands of every call it deems symmetrical (its kind is in {@link SqlKind#SYMMETRICAL}, e.g.
   * {@code $AND}, or it is an equality) and then requires this to be non-null.
   */
  @Override
  public SqlOperator reverse() {
    return isSymmetrical() || funcId == FuncId.EQ || funcId == FuncId.NULL_EQ || funcId == FuncId.NE ? this : null;
  }

  @Override
  public SqlSyntax getSyntax() {
    return SqlSyntax.FUNCTION;
  }

  @Override
  public boolean isDeterministic() {
    return funcId != FuncId.NOW && funcId != FuncId.CURDATE && funcId != FuncId.UNIX_TIMESTAMP;
  }

  @Override
  public boolean isDynamicFunction() {
    return !isDeterministic();
  }

  @Override
  public RelDataType inferReturnType(SqlOperatorBinding binding) {
    RelDataTypeFactory f = binding.getTypeFactory();
    FieldType result;
    if (funcId == FuncId.CAST) {
      result = CastTargets.parse(binding.getOperandLiteralValue(1, String.class));
    } else {
      List<Expr> args = new ArrayList<>();
      for (int i = 0; i < binding.getOperandCount(); i++) {
        args.add(new ColumnRef(i, TypeMapping.toFieldType(binding.getOperandType(i)), null));
      }
      try {
        result = call(builder, args).type();
      } catch (EvalException e) {
        throw new SqlException(e.errno(), e.sqlState(), e.getMessage(), e);
      } catch (IllegalArgumentException e) {
        throw new SqlException(1582, "42000",
            "Incorrect parameter count in the call to native function '" + getName().toLowerCase() + "'", e);
      }
    }
    if (predicate) {
      return f.createTypeWithNullability(f.createSqlType(SqlTypeName.BOOLEAN), !result.isNotNull());
    }
    return TypeMapping.toRelType(result, f, !result.isNotNull());
  }

  /**
   * Gives a bare NULL the NULL type and a {@code ?} parameter the type of the first typed operand
   * (VARCHAR when none), as in {@code k BETWEEN ? AND ?}: MySQL types a parameter by its value,
   * which the executor binds later. An operand that holds parameters itself (a nested {@code
   * BETWEEN ? AND ?} under AND, OR or NOT) gives no type: it cannot be typed before Calcite
   * infers its own parameters, which it does after this call.
   */
  private static void inferUnknown(SqlCallBinding binding, RelDataType returnType, RelDataType[] operandTypes) {
    RelDataTypeFactory f = binding.getTypeFactory();
    RelDataType known = null;
    for (int i = 0; i < operandTypes.length && known == null; i++) {
      SqlNode operand = binding.operand(i);
      if (!(operand instanceof SqlDynamicParam) && !SqlUtil.isNullLiteral(operand, false)
          && !hasParameter(operand)) {
        RelDataType t = binding.getValidator().deriveType(binding.getScope(), operand);
        if (t.getSqlTypeName() != SqlTypeName.NULL) {
          known = t;
        }
      }
    }
    for (int i = 0; i < operandTypes.length; i++) {
      SqlNode operand = binding.operand(i);
      if (operand instanceof SqlDynamicParam) {
        operandTypes[i] = known != null
            ? f.createTypeWithNullability(known, true)
            : f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR, CairnTypeSystem.MAX_VARCHAR), true);
      } else if (SqlUtil.isNullLiteral(operand, false)) {
        operandTypes[i] = f.createSqlType(SqlTypeName.NULL);
      }
    }
  }

  private static boolean hasParameter(SqlNode node) {
    if (!(node instanceof SqlCall call)) {
      return node instanceof SqlDynamicParam;
    }
    for (SqlNode operand : call.getOperandList()) {
      if (operand != null && hasParameter(operand)) {
        return true;
      }
    }
    return false;
  }

  /** Derives operand types, then this call's type, without Calcite's overload lookup by name. */
  @Override
  public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
    for (SqlNode operand : call.getOperandList()) {
      validator.deriveType(scope, operand);
    }
    return validateOperands(validator, scope, call);
  }
}
