package io.cairn.coprocessor.expr.func;

import io.cairn.coprocessor.expr.EvalException;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/** A {@link FunctionDef} from an arity range, a typing rule and a binder. */
record Def(
    String name,
    int minArgs,
    int maxArgs,
    Function<List<Expr>, FieldType> typing,
    BiFunction<List<Expr>, FieldType, FunctionBody> binder)
    implements FunctionDef {

  static final int MANY = Integer.MAX_VALUE;

  @Override
  public FieldType inferType(List<Expr> args) {
    checkArity(args);
    return typing.apply(args);
  }

  @Override
  public FunctionBody bind(List<Expr> args, FieldType ret) {
    checkArity(args);
    return binder.apply(args, ret);
  }

  private void checkArity(List<Expr> args) {
    if (args.size() < minArgs || args.size() > maxArgs) {
      throw new EvalException(
          1582, "42000", "Incorrect parameter count in the call to native function '" + name + "'");
    }
  }
}
