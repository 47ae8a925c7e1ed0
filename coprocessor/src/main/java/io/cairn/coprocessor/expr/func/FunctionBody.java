package io.cairn.coprocessor.expr.func;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.Row;

/**
 * The evaluation code of one function call, bound to its argument expressions and types. Returns
 * null for SQL NULL. Stateless and thread-safe.
 */
@FunctionalInterface
public interface FunctionBody {
  Object eval(Row row, EvalContext ctx);
}
