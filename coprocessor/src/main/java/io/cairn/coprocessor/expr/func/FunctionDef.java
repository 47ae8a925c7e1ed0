package io.cairn.coprocessor.expr.func;

import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.List;

/**
 * One function's typing and binding: {@link #inferType} gives MySQL's result type for these
 * arguments (or throws for a wrong argument count); {@link #bind} returns the evaluation code for
 * these arguments and result type. Stateless and thread-safe.
 */
public interface FunctionDef {
  FieldType inferType(List<Expr> args);

  FunctionBody bind(List<Expr> args, FieldType ret);
}
