package io.cairn.sql.expr;

import io.cairn.coprocessor.expr.Constant;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.ExprBuilder;
import io.cairn.coprocessor.expr.FuncId;
import io.cairn.coprocessor.expr.types.Collation;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.types.MysqlType;
import io.cairn.coprocessor.expr.value.MysqlDuration;
import io.cairn.coprocessor.expr.value.MysqlTime;
import io.cairn.sql.MySqlParseException;
import io.cairn.sql.plan.CairnOperator;
import io.cairn.sql.plan.CairnTypeFactory;
import io.cairn.sql.plan.CastTargets;
import io.cairn.sql.plan.TypeMapping;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Translates a Calcite {@link RexNode} over an input of known MySQL column types into the
 * evaluator's {@link Expr}: input refs become {@link io.cairn.coprocessor.expr.ColumnRef}s,
 * literals MySQL-typed {@link Constant}s (an integer literal is BIGINT, {@code 1.50}
 * DECIMAL(3,2), a string utf8mb4), {@code ?} parameters constants of their bound values, and calls
 * {@link ExprBuilder} calls by {@link FuncId}, which derive the result types anew. Besides
 * {@link CairnOperator}s it understands the standard operators Calcite's own rewrites produce
 * (subquery removal, decorrelation, join condition handling); Calcite's casts that keep the
 * evaluation kind (nullability or precision adjustments) are dropped, since MySQL typing, not
 * Calcite's, is authoritative. Anything else fails with 1235. Immutable per input; thread-safe.
 */
public final class RexTranslator {
  private final ExprBuilder builder;
  private final List<FieldType> inputTypes;
  private final List<String> inputNames;
  private final List<Object> params;
  private RexBuilder searchExpander;

  /**
   * @param inputNames column names for messages, or null
   * @param params values of the {@code ?} parameters in order (evaluator Java classes), or an empty list
   */
  public RexTranslator(ExprBuilder builder, List<FieldType> inputTypes, List<String> inputNames, List<Object> params) {
    this.builder = builder;
    this.inputTypes = inputTypes;
    this.inputNames = inputNames;
    this.params = params;
  }

  public Expr translate(RexNode node) {
    if (node instanceof RexInputRef ref) {
      int i = ref.getIndex();
      return builder.column(i, inputTypes.get(i), inputNames == null ? null : inputNames.get(i));
    }
    if (node instanceof RexLiteral lit) {
      return literal(lit);
    }
    if (node instanceof RexDynamicParam p) {
      if (p.getIndex() >= params.size()) {
        throw new IllegalArgumentException("no value bound for parameter " + (p.getIndex() + 1));
      }
      return constantOf(params.get(p.getIndex()));
    }
    if (node instanceof RexCall call) {
      return call(call);
    }
    throw MySqlParseException.notSupported("expression " + node, null);
  }

  public List<Expr> translate(List<? extends RexNode> nodes) {
    List<Expr> out = new ArrayList<>(nodes.size());
    for (RexNode n : nodes) {
      out.add(translate(n));
    }
    return out;
  }

  /** A constant for a bound parameter value of one of the evaluator's Java classes. */
  public Constant constantOf(Object v) {
    if (v == null) {
      return builder.nullLiteral();
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return builder.intLiteral(((Number) v).longValue());
    } else if (v instanceof BigDecimal bd) {
      return builder.decimalLiteral(bd);
    } else if (v instanceof Double || v instanceof Float) {
      return builder.doubleLiteral(((Number) v).doubleValue());
    } else if (v instanceof String s) {
      return builder.stringLiteral(s);
    } else if (v instanceof MysqlTime t) {
      return builder.constant(t, t.type() == MysqlType.DATE ? FieldType.date() : FieldType.datetime(t.fsp()));
    } else if (v instanceof MysqlDuration d) {
      return builder.constant(d, FieldType.time(d.fsp()));
    }
    throw new IllegalArgumentException("unsupported parameter value " + v.getClass().getName());
  }

  private Expr literal(RexLiteral lit) {
    if (lit.isNull()) {
      return builder.nullLiteral();
    }
    SqlTypeName t = lit.getTypeName();
    switch (t) {
      case BOOLEAN:
        return builder.intLiteral(Boolean.TRUE.equals(lit.getValueAs(Boolean.class)) ? 1 : 0);
      case TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL: {
        BigDecimal bd = lit.getValueAs(BigDecimal.class);
        if (bd.scale() <= 0 || lit.getType().getScale() == 0) {
          BigInteger bi = bd.toBigIntegerExact();
          if (bi.bitLength() < 64) {
            return builder.intLiteral(bi.longValue());
          }
          if (bi.signum() > 0 && bi.bitLength() == 64) {
            return builder.unsignedLiteral(bi.longValue());
          }
        }
        return builder.decimalLiteral(bd);
      }
      case DOUBLE, FLOAT, REAL:
        return builder.doubleLiteral(lit.getValueAs(Double.class));
      case CHAR, VARCHAR:
        return builder.stringLiteral(lit.getValueAs(String.class));
      case BINARY, VARBINARY:
        return builder.stringLiteral(binaryAsString(lit.getValueAs(ByteString.class).getBytes()), Collation.BINARY);
      default:
        throw MySqlParseException.notSupported("literal of type " + t, null);
    }
  }

  /**
   * A binary string literal ({@code X'..'}, {@code _binary'..'}, which Connector/J sends for a
   * bound {@code byte[]}) as the evaluator's string of binary collation. The evaluator keeps
   * strings as Java strings, so only bytes that are valid UTF-8 have a faithful value; other
   * bytes are refused rather than silently replaced.
   */
  private static String binaryAsString(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw MySqlParseException.notSupported("binary string literal that is not valid UTF-8", e);
    }
  }

  private Expr call(RexCall call) {
    if (call.getOperator() instanceof CairnOperator op) {
      if (op.funcId() == FuncId.CAST) {
        String target = ((RexLiteral) call.getOperands().get(1)).getValueAs(String.class);
        return builder.cast(translate(call.getOperands().get(0)), CastTargets.parse(target));
      }
      return op.call(builder, translate(call.getOperands()));
    }
    SqlKind kind = call.getKind();
    if (kind == SqlKind.SEARCH) {
      // Calcite's simplifier folds ranges and IN lists into SEARCH(x, Sarg); the evaluator has
      // the plain comparisons, with MySQL's coercions, so the Sarg is expanded back into them.
      return translate(RexUtil.expandSearch(searchExpander(), null, call));
    }
    List<Expr> args = translate(call.getOperands());
    FuncId id = switch (kind) {
      case EQUALS -> FuncId.EQ;
      case NOT_EQUALS -> FuncId.NE;
      case LESS_THAN -> FuncId.LT;
      case LESS_THAN_OR_EQUAL -> FuncId.LE;
      case GREATER_THAN -> FuncId.GT;
      case GREATER_THAN_OR_EQUAL -> FuncId.GE;
      case IS_NOT_DISTINCT_FROM -> FuncId.NULL_EQ;
      case NOT -> FuncId.NOT;
      case IS_NULL -> FuncId.IS_NULL;
      case IS_NOT_NULL -> FuncId.IS_NOT_NULL;
      case IS_TRUE -> FuncId.IS_TRUE;
      case IS_NOT_TRUE -> FuncId.IS_NOT_TRUE;
      case IS_FALSE -> FuncId.IS_FALSE;
      case IS_NOT_FALSE -> FuncId.IS_NOT_FALSE;
      case CASE -> FuncId.CASE;
      case PLUS -> FuncId.PLUS;
      case MINUS -> FuncId.MINUS;
      case TIMES -> FuncId.MUL;
      case MINUS_PREFIX -> FuncId.UNARY_MINUS;
      case COALESCE -> FuncId.COALESCE;
      case AND, OR -> null;
      case CAST -> null;
      case IS_DISTINCT_FROM -> null;
      default -> throw MySqlParseException.notSupported("operator " + call.getOperator().getName(), null);
    };
    if (kind == SqlKind.AND || kind == SqlKind.OR) {
      FuncId f = kind == SqlKind.AND ? FuncId.AND : FuncId.OR;
      Expr acc = args.get(0);
      for (int i = 1; i < args.size(); i++) {
        acc = builder.call(f, acc, args.get(i));
      }
      return acc;
    }
    if (kind == SqlKind.IS_DISTINCT_FROM) {
      return builder.call(FuncId.NOT, builder.call(FuncId.NULL_EQ, args));
    }
    if (kind == SqlKind.CAST) {
      return cast(args.get(0), TypeMapping.toFieldType(call.getType()));
    }
    return builder.call(id, args);
  }

  private RexBuilder searchExpander() {
    if (searchExpander == null) {
      searchExpander = new RexBuilder(new CairnTypeFactory());
    }
    return searchExpander;
  }

  private Expr cast(Expr arg, FieldType target) {
    if (arg.type().isNullType()) {
      return builder.constant(null, target);
    }
    if (arg.type().evalType() == target.evalType()) {
      return arg;
    }
    return builder.cast(arg, target);
  }
}
