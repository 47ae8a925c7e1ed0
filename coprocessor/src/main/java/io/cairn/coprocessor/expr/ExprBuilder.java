package io.cairn.coprocessor.expr;

import io.cairn.coprocessor.expr.func.Casts;
import io.cairn.coprocessor.expr.func.FunctionCatalog;
import io.cairn.coprocessor.expr.func.FunctionDef;
import io.cairn.coprocessor.expr.types.Coercibility;
import io.cairn.coprocessor.expr.types.Collation;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.types.MysqlType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds typed expression trees: infers each call's MySQL result type from its arguments and binds
 * its evaluation code. {@link #rebuild} restores a call from plain data (id, args, type), e.g. after
 * a DAG request crossed the wire. Thread-safe.
 */
public final class ExprBuilder {
  private final FunctionCatalog catalog;
  private final int divPrecisionIncrement;

  /** @param divPrecisionIncrement the session's div_precision_increment (MySQL default 4) */
  public ExprBuilder(int divPrecisionIncrement) {
    this.catalog = new FunctionCatalog(divPrecisionIncrement);
    this.divPrecisionIncrement = divPrecisionIncrement;
  }

  /** The div_precision_increment the built divisions and averages use. */
  public int divPrecisionIncrement() {
    return divPrecisionIncrement;
  }

  public ExprBuilder() {
    this(4);
  }

  public ColumnRef column(int index, FieldType type) {
    return new ColumnRef(index, type, null);
  }

  public ColumnRef column(int index, FieldType type, String name) {
    return new ColumnRef(index, type, name);
  }

  public Constant nullLiteral() {
    return new Constant(null, FieldType.nullType());
  }

  /** An integer literal as MySQL types it (BIGINT). */
  public Constant intLiteral(long v) {
    return new Constant(v, FieldType.bigint().withFlags(FieldType.NOT_NULL_FLAG));
  }

  /** A literal above BIGINT's range but within BIGINT UNSIGNED's, given by its 64 bits. */
  public Constant unsignedLiteral(long bits) {
    return new Constant(bits, FieldType.unsignedBigint().withFlags(FieldType.NOT_NULL_FLAG | FieldType.UNSIGNED_FLAG));
  }

  /** An exact-value literal such as {@code 1.50}: DECIMAL(precision, scale) of its digits. */
  public Constant decimalLiteral(BigDecimal v) {
    int scale = Math.max(0, v.scale());
    int precision = Math.max(v.precision(), scale + 1);
    return new Constant(v.setScale(scale), FieldType.decimal(precision, scale));
  }

  public Constant doubleLiteral(double v) {
    return new Constant(v, FieldType.doubleType());
  }

  /** A string literal in utf8mb4 with the connection collation (coercible). */
  public Constant stringLiteral(String s, Collation collation) {
    return new Constant(s, FieldType.varchar(collation, Coercibility.COERCIBLE));
  }

  public Constant stringLiteral(String s) {
    return stringLiteral(s, Collation.UTF8MB4_GENERAL_CI);
  }

  public Constant constant(Object value, FieldType type) {
    return new Constant(value, type);
  }

  /** {@code expr COLLATE name}: the same value with an explicit collation. */
  public Expr collate(Expr e, Collation collation) {
    FieldType t = e.type().withCollation(collation, Coercibility.EXPLICIT);
    if (e instanceof Constant c) {
      return new Constant(c.value(), t);
    }
    if (e instanceof ColumnRef c) {
      return new ColumnRef(c.index(), t, c.name());
    }
    return cast(e, t);
  }

  public ScalarFunction call(FuncId id, Expr... args) {
    return call(id, Arrays.asList(args));
  }

  public ScalarFunction call(FuncId id, List<Expr> args) {
    if (id == FuncId.CAST) {
      throw new IllegalArgumentException("use cast(expr, type) for CAST");
    }
    FunctionDef def = catalog.get(id);
    FieldType ret = def.inferType(args);
    return new ScalarFunction(id, args, ret, def.bind(args, ret));
  }

  /** {@code CAST(expr AS type)}, e.g. {@link FieldType#unsignedBigint()} for AS UNSIGNED. */
  public ScalarFunction cast(Expr e, FieldType target) {
    List<Expr> args = List.of(e);
    return new ScalarFunction(FuncId.CAST, args, target, catalog.get(FuncId.CAST).bind(args, target));
  }

  /** Restores a call from its plain data, trusting the recorded result type. */
  public ScalarFunction rebuild(FuncId id, List<Expr> args, FieldType type) {
    return new ScalarFunction(id, args, type, catalog.get(id).bind(args, type));
  }

  /** Simple CASE: {@code CASE value WHEN w1 THEN t1 … [ELSE e] END} as searched CASE over equalities. */
  public ScalarFunction simpleCase(Expr value, List<Expr> whenThens, Expr elseExpr) {
    List<Expr> args = new ArrayList<>();
    for (int i = 0; i + 1 < whenThens.size(); i += 2) {
      args.add(call(FuncId.EQ, value, whenThens.get(i)));
      args.add(whenThens.get(i + 1));
    }
    if (elseExpr != null) {
      args.add(elseExpr);
    }
    return call(FuncId.CASE, args);
  }

  /** {@code s LIKE p [ESCAPE e]}; the default escape is backslash. */
  public ScalarFunction like(Expr s, Expr p, String escape) {
    return call(FuncId.LIKE, s, p, stringLiteral(escape == null ? "\\" : escape));
  }

  /** {@code DATE_ADD(d, INTERVAL amount unit)}. */
  public ScalarFunction dateAdd(Expr d, Expr amount, String unit, boolean subtract) {
    return call(subtract ? FuncId.DATE_SUB : FuncId.DATE_ADD, d, amount, stringLiteral(unit));
  }

  /** A MySQL temporal literal such as {@code DATE '2020-01-02'}; fails on an invalid value. */
  public Constant temporalLiteral(MysqlType type, String text, EvalContext ctx) {
    FieldType t = switch (type) {
      case DATE -> FieldType.date();
      case TIME -> FieldType.time(fractionDigits(text));
      default -> FieldType.datetime(fractionDigits(text));
    };
    Object v = Casts.convert(text, FieldType.varchar(), t, ctx, text);
    if (v == null) {
      throw new EvalException(1525, "HY000", "Incorrect " + type.name() + " value: '" + text + "'");
    }
    return new Constant(v, t);
  }

  private static int fractionDigits(String text) {
    int dot = text.lastIndexOf('.');
    return dot < 0 ? 0 : Math.min(6, text.length() - dot - 1);
  }
}
