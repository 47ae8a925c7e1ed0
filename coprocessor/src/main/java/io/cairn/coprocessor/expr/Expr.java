package io.cairn.coprocessor.expr;

import io.cairn.coprocessor.expr.types.FieldType;

/**
 * A typed, immutable expression node: a {@link ColumnRef}, a {@link Constant} or a {@link
 * ScalarFunction}. The tree is plain data (column indexes, constant values, {@link FuncId}s and
 * {@link FieldType}s), so it can be carried in a coprocessor DAG request and rebuilt on the other
 * side with {@link ExprBuilder#rebuild}.
 *
 * <p>{@link #eval} returns SQL NULL as Java {@code null}, and otherwise a value of the Java class
 * that {@code type().evalType()} prescribes (see {@link io.cairn.coprocessor.expr.types.EvalType}).
 * It raises warnings into the context and throws {@link EvalException} for MySQL errors. Nodes are
 * thread-safe; a context is not.
 */
public sealed interface Expr permits ColumnRef, Constant, ScalarFunction {
  FieldType type();

  Object eval(Row row, EvalContext ctx);

  /** The expression in MySQL's rendering, as error messages quote it. */
  String sql();
}
