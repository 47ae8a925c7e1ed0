package io.cairn.coprocessor.expr.func;

import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.FuncId;
import java.util.EnumMap;
import java.util.Map;

/**
 * The definitions of all {@link FuncId}s for one typing configuration (today only {@code
 * div_precision_increment}). Immutable and thread-safe once built.
 */
public final class FunctionCatalog {
  private final Map<FuncId, FunctionDef> defs = new EnumMap<>(FuncId.class);

  public FunctionCatalog(int divPrecisionIncrement) {
    if (divPrecisionIncrement < 0 || divPrecisionIncrement > 30) {
      throw new IllegalArgumentException("div_precision_increment must be 0..30");
    }
    CompareFunctions.register(defs);
    LogicFunctions.register(defs);
    ArithmeticFunctions.register(defs, divPrecisionIncrement);
    StringFunctions.register(defs);
    MathFunctions.register(defs);
    DateFunctions.register(defs);
    defs.put(FuncId.CAST, new Def("cast", 1, 1,
        a -> {
          throw new IllegalArgumentException("CAST takes its target type from the caller");
        },
        (args, ret) -> {
          Expr x = args.get(0);
          String text = "cast(" + x.sql() + " as " + ret + ")";
          return (row, ctx) -> Casts.convert(x.eval(row, ctx), x.type(), ret, ctx, text);
        }));
    for (FuncId id : FuncId.values()) {
      if (!defs.containsKey(id)) {
        throw new IllegalStateException("no definition for " + id);
      }
    }
  }

  public FunctionDef get(FuncId id) {
    return defs.get(id);
  }
}
