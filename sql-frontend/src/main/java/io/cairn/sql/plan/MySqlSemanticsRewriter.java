package io.cairn.sql.plan;

import io.cairn.coprocessor.expr.FuncId;
import io.cairn.sql.MySqlParseException;
import io.cairn.sql.parser.MySqlOperators;
import io.cairn.sql.session.SqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.fun.SqlBetweenOperator;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlLikeOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.fun.SqlTrimFunction;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Rewrites a parsed statement so that every scalar operator is a {@link CairnOperator}: the parser
 * builds Calcite's standard operators (with SQL-standard typing and coercion), which would give
 * {@code 7/2} and {@code '1' = 1} their SQL meaning instead of MySQL's. Query structure, aggregate
 * calls and subquery operators (scalar, EXISTS, IN with a subquery, ANY/ALL) stay Calcite's, since
 * SqlToRel and the subquery-removal rules key on them. {@code ||} is MySQL's OR (PIPES_AS_CONCAT
 * off, the default sql_mode). Unknown functions fail with 1305. Not thread-safe; one per statement.
 */
public final class MySqlSemanticsRewriter extends SqlShuttle {
  private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX", "GROUP_CONCAT",
      "ANY_VALUE", "BIT_AND", "BIT_OR", "BIT_XOR", "STD", "STDDEV", "VARIANCE");

  /** Window functions that ignore the frame (in MySQL; Calcite refuses a frame on them). */
  private static final Set<SqlKind> FRAMELESS = Set.of(SqlKind.ROW_NUMBER, SqlKind.RANK, SqlKind.DENSE_RANK,
      SqlKind.PERCENT_RANK, SqlKind.CUME_DIST, SqlKind.NTILE, SqlKind.LAG, SqlKind.LEAD);

  private final CairnOperatorTable ops;

  public MySqlSemanticsRewriter(CairnOperatorTable ops) {
    this.ops = ops;
  }

  @Override
  public SqlNode visit(SqlCall call) {
    if (call instanceof SqlCase c) {
      List<SqlNode> args = new ArrayList<>();
      SqlNode value = rewrite(c.getValueOperand());
      for (int i = 0; i < c.getWhenOperands().size(); i++) {
        SqlNode when = rewrite(c.getWhenOperands().get(i));
        args.add(value == null ? when : make(FuncId.EQ, c.getParserPosition(), value, when));
        args.add(rewrite(c.getThenOperands().get(i)));
      }
      SqlNode elseNode = rewrite(c.getElseOperand());
      if (elseNode != null && !SqlUtil.isNullLiteral(elseNode, false)) {
        args.add(elseNode);
      }
      return make(FuncId.CASE, c.getParserPosition(), args.toArray(new SqlNode[0]));
    }
    if (call instanceof SqlSelect || call instanceof SqlJoin) {
      SqlNode result = super.visit(call);
      if (result instanceof SqlSelect select) {
        typeBareNulls(select);
        select.setWhere(truth(select.getWhere()));
        select.setHaving(truth(select.getHaving()));
      } else if (result instanceof SqlJoin join && join.getCondition() != null) {
        join.setOperand(5, truth(join.getCondition()));
      }
      return result;
    }
    if (call.getOperator() instanceof CairnOperator) {
      return super.visit(call);
    }
    SqlOperator op = call.getOperator();
    SqlKind kind = call.getKind();
    SqlParserPos pos = call.getParserPosition();
    if (kind == SqlKind.CAST) {
      SqlNode x = rewrite(call.operand(0));
      String target = CastTargets.encode((SqlDataTypeSpec) call.operand(1));
      return new SqlBasicCall(ops.get(FuncId.CAST), List.of(x, SqlLiteral.createCharString(target, pos)), pos);
    }
    if ((kind == SqlKind.IN || kind == SqlKind.NOT_IN) && call.operand(1) instanceof SqlNodeList list
        && !(call.operand(0) instanceof SqlNodeList)) {
      List<SqlNode> args = new ArrayList<>();
      args.add(rewrite(call.operand(0)));
      for (SqlNode n : list) {
        args.add(rewrite(n));
      }
      SqlNode in = make(FuncId.IN, pos, args.toArray(new SqlNode[0]));
      return kind == SqlKind.NOT_IN ? make(FuncId.NOT, pos, in) : in;
    }
    if (isQueryOperator(kind)) {
      SqlNode result = super.visit(call);
      if (kind == SqlKind.OVER && result instanceof SqlCall over && over.operand(1) instanceof SqlWindow w
          && w.getLowerBound() != null && over.operand(0) instanceof SqlCall fn && FRAMELESS.contains(fn.getKind())) {
        // MySQL accepts and ignores a frame on functions that see the whole partition; Calcite
        // refuses one. The window is the rewrite's own copy (or the statement's, parsed per plan).
        w.setLowerBound(null);
        w.setUpperBound(null);
        w.setRows(SqlLiteral.createBoolean(false, w.getParserPosition()));
      }
      return result;
    }
    List<SqlNode> operands = new ArrayList<>();
    for (SqlNode n : call.getOperandList()) {
      operands.add(rewrite(n));
    }
    SqlNode[] a = operands.toArray(new SqlNode[0]);
    if (op == MySqlOperators.DIV) {
      return make(FuncId.INT_DIV, pos, a);
    }
    if (op == MySqlOperators.COLLATE) {
      String target = CastTargets.collateTarget(((SqlLiteral) a[1]).getValueAs(String.class));
      return new SqlBasicCall(ops.get(FuncId.CAST), List.of(a[0], SqlLiteral.createCharString(target, pos)), pos);
    }
    if (op == MySqlOperators.XOR) {
      return make(FuncId.XOR, pos, a);
    }
    if (op == SqlStdOperatorTable.CONCAT) {
      return make(FuncId.OR, pos, a);
    }
    if (op instanceof SqlBetweenOperator b) {
      SqlNode between = make(FuncId.BETWEEN, pos, a);
      return b.isNegated() ? make(FuncId.NOT, pos, between) : between;
    }
    if (op instanceof SqlLikeOperator l && kind == SqlKind.LIKE) {
      SqlNode escape = a.length > 2 ? a[2] : SqlLiteral.createCharString("\\", pos);
      SqlNode like = make(FuncId.LIKE, pos, a[0], a[1], escape);
      return l.isNegated() ? make(FuncId.NOT, pos, like) : like;
    }
    if (op instanceof SqlTrimFunction) {
      String flag = ((SqlLiteral) a[0]).getValueAs(SqlTrimFunction.Flag.class).name();
      boolean defaultRemoval = a[1] instanceof SqlLiteral lit && " ".equals(lit.getValueAs(String.class));
      return switch (flag) {
        case "BOTH" -> defaultRemoval ? make(FuncId.TRIM, pos, a[2]) : make(FuncId.TRIM_BOTH, pos, a[2], a[1]);
        case "LEADING" -> make(FuncId.TRIM_LEADING, pos, a[2], a[1]);
        default -> make(FuncId.TRIM_TRAILING, pos, a[2], a[1]);
      };
    }
    FuncId id = switch (kind) {
      case PLUS -> FuncId.PLUS;
      case MINUS -> FuncId.MINUS;
      case TIMES -> FuncId.MUL;
      case DIVIDE -> FuncId.DIVIDE;
      case MOD -> FuncId.MOD;
      case MINUS_PREFIX -> FuncId.UNARY_MINUS;
      case EQUALS -> FuncId.EQ;
      case NOT_EQUALS -> FuncId.NE;
      case LESS_THAN -> FuncId.LT;
      case LESS_THAN_OR_EQUAL -> FuncId.LE;
      case GREATER_THAN -> FuncId.GT;
      case GREATER_THAN_OR_EQUAL -> FuncId.GE;
      case IS_NOT_DISTINCT_FROM -> FuncId.NULL_EQ;
      case AND -> FuncId.AND;
      case OR -> FuncId.OR;
      case NOT -> FuncId.NOT;
      case IS_NULL, IS_UNKNOWN -> FuncId.IS_NULL;
      case IS_NOT_NULL -> FuncId.IS_NOT_NULL;
      case IS_TRUE -> FuncId.IS_TRUE;
      case IS_NOT_TRUE -> FuncId.IS_NOT_TRUE;
      case IS_FALSE -> FuncId.IS_FALSE;
      case IS_NOT_FALSE -> FuncId.IS_NOT_FALSE;
      default -> null;
    };
    if (kind == SqlKind.PLUS_PREFIX) {
      return a[0];
    }
    if (kind == SqlKind.IS_DISTINCT_FROM) {
      return make(FuncId.NOT, pos, make(FuncId.NULL_EQ, pos, a));
    }
    if (id != null && (kind == SqlKind.AND || kind == SqlKind.OR)) {
      // One flat call per run of the same connective: Calcite asserts that no AND sits directly
      // under an AND (RexUtil.isFlat), and the evaluator chains the operands back (CairnOperator.call).
      SqlOperator connective = ops.get(id);
      List<SqlNode> flat = new ArrayList<>();
      for (SqlNode n : a) {
        if (n instanceof SqlBasicCall c && c.getOperator() == connective) {
          flat.addAll(c.getOperandList());
        } else {
          flat.add(n);
        }
      }
      return new SqlBasicCall(connective, flat, pos);
    }
    if (id != null) {
      return make(id, pos, a);
    }
    if (op instanceof SqlFunction f && !f.isAggregator()) {
      String name = f.getName();
      SqlOperator window = MySqlWindowFunctions.lookup(name);
      if (window != null && f instanceof SqlUnresolvedFunction) {
        return window.createCall(call.getFunctionQuantifier(), pos, a);
      }
      CairnOperator cairn = ops.lookup(name);
      if (cairn != null) {
        return new SqlBasicCall(cairn, operands, pos);
      }
      if (f instanceof SqlUnresolvedFunction && !AGGREGATES.contains(name.toUpperCase(java.util.Locale.ROOT))) {
        throw new SqlException(1305, "42000", "FUNCTION " + name + " does not exist");
      }
      if (!(f instanceof SqlUnresolvedFunction)) {
        throw MySqlParseException.notSupported("function " + name, null);
      }
    }
    return call.getOperator().createCall(call.getFunctionQuantifier(), pos, a);
  }

  /**
   * A condition as Calcite needs it: MySQL accepts any value as a condition ({@code WHERE col}
   * keeps rows where col is non-zero), Calcite only BOOLEAN, so a non-predicate is wrapped in
   * IS TRUE, which is what MySQL's condition test means.
   */
  private SqlNode truth(SqlNode condition) {
    if (condition == null) {
      return null;
    }
    if (condition instanceof SqlCall c) {
      if (c.getOperator() instanceof CairnOperator op && op.isPredicate()) {
        return condition;
      }
      SqlKind k = c.getKind();
      if (k == SqlKind.EXISTS || k == SqlKind.IN || k == SqlKind.NOT_IN || k == SqlKind.SOME || k == SqlKind.ALL
          || SqlKind.COMPARISON.contains(k)) {
        return condition;
      }
    }
    if (condition instanceof SqlLiteral l && l.getTypeName() == org.apache.calcite.sql.type.SqlTypeName.BOOLEAN) {
      return condition;
    }
    return make(FuncId.IS_TRUE, condition.getParserPosition(), condition);
  }

  private static boolean isQueryOperator(SqlKind kind) {
    return SqlKind.QUERY.contains(kind) || kind == SqlKind.JOIN || kind == SqlKind.AS
        || kind == SqlKind.EXISTS || kind == SqlKind.SCALAR_QUERY || kind == SqlKind.IN
        || kind == SqlKind.NOT_IN || kind == SqlKind.SOME || kind == SqlKind.ALL
        || kind == SqlKind.WITH || kind == SqlKind.WITH_ITEM || kind == SqlKind.DESCENDING
        || kind == SqlKind.NULLS_FIRST || kind == SqlKind.NULLS_LAST || kind == SqlKind.OVER
        || kind == SqlKind.FILTER || kind == SqlKind.WITHIN_GROUP || kind == SqlKind.COLLECTION_TABLE
        || kind == SqlKind.EXPLICIT_TABLE || kind == SqlKind.LATERAL;
  }

  private SqlNode rewrite(SqlNode n) {
    return n == null ? null : n.accept(this);
  }

  /**
   * A bare NULL in the select list has no type Calcite can infer; MySQL gives it the NULL type.
   * COALESCE(NULL) is a typed expression with the same value and type.
   */
  private void typeBareNulls(SqlSelect select) {
    SqlNodeList items = select.getSelectList();
    if (items == null) {
      return;
    }
    for (int i = 0; i < items.size(); i++) {
      SqlNode item = items.get(i);
      if (SqlUtil.isNullLiteral(item, false)) {
        items.set(i, make(FuncId.COALESCE, item.getParserPosition(), item));
      } else if (item.getKind() == SqlKind.AS && SqlUtil.isNullLiteral(((SqlCall) item).operand(0), false)) {
        SqlCall as = (SqlCall) item;
        as.setOperand(0, make(FuncId.COALESCE, as.operand(0).getParserPosition(), as.operand(0)));
      }
    }
  }

  private SqlNode make(FuncId id, SqlParserPos pos, SqlNode... args) {
    return new SqlBasicCall(ops.get(id), List.of(args), pos);
  }
}
