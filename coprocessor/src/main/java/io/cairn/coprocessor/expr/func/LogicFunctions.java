package io.cairn.coprocessor.expr.func;

import static io.cairn.coprocessor.expr.func.CompareFunctions.ONE;
import static io.cairn.coprocessor.expr.func.CompareFunctions.ZERO;
import static io.cairn.coprocessor.expr.func.CompareFunctions.bool;

import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.FuncId;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Three-valued logic (AND, OR, XOR, NOT, IS [NOT] NULL/TRUE/FALSE) and the control-flow functions
 * CASE, IF, IFNULL, COALESCE and NULLIF. Control-flow results are converted to the merged result
 * type ({@link Types#merge}), so IF(c, 1, 'a') yields the string '1'.
 */
final class LogicFunctions {
  private LogicFunctions() {}

  static void register(Map<FuncId, FunctionDef> m) {
    m.put(FuncId.AND, new Def("and", 2, 2, a -> FieldType.bigint(), (args, ret) -> {
      Expr l = args.get(0);
      Expr r = args.get(1);
      return (row, ctx) -> {
        Boolean a = Args.bool(l, row, ctx);
        if (a != null && !a) {
          return ZERO;
        }
        Boolean b = Args.bool(r, row, ctx);
        if (b != null && !b) {
          return ZERO;
        }
        return a == null || b == null ? null : ONE;
      };
    }));
    m.put(FuncId.OR, new Def("or", 2, 2, a -> FieldType.bigint(), (args, ret) -> {
      Expr l = args.get(0);
      Expr r = args.get(1);
      return (row, ctx) -> {
        Boolean a = Args.bool(l, row, ctx);
        if (a != null && a) {
          return ONE;
        }
        Boolean b = Args.bool(r, row, ctx);
        if (b != null && b) {
          return ONE;
        }
        return a == null || b == null ? null : ZERO;
      };
    }));
    m.put(FuncId.XOR, new Def("xor", 2, 2, a -> FieldType.bigint(), (args, ret) -> {
      Expr l = args.get(0);
      Expr r = args.get(1);
      return (row, ctx) -> {
        Boolean a = Args.bool(l, row, ctx);
        if (a == null) {
          return null;
        }
        Boolean b = Args.bool(r, row, ctx);
        return b == null ? null : bool(a ^ b);
      };
    }));
    m.put(FuncId.NOT, new Def("not", 1, 1, a -> FieldType.bigint(), (args, ret) -> {
      Expr x = args.get(0);
      return (row, ctx) -> {
        Boolean a = Args.bool(x, row, ctx);
        return a == null ? null : bool(!a);
      };
    }));
    m.put(FuncId.IS_NULL, new Def("isnull", 1, 1, a -> CompareFunctions.notNullBigint(), (args, ret) -> {
      Expr x = args.get(0);
      return (row, ctx) -> bool(x.eval(row, ctx) == null);
    }));
    m.put(FuncId.IS_NOT_NULL, new Def("is not null", 1, 1, a -> CompareFunctions.notNullBigint(), (args, ret) -> {
      Expr x = args.get(0);
      return (row, ctx) -> bool(x.eval(row, ctx) != null);
    }));
    m.put(FuncId.IS_TRUE, truth("istrue", b -> b != null && b));
    m.put(FuncId.IS_NOT_TRUE, truth("is not true", b -> b == null || !b));
    m.put(FuncId.IS_FALSE, truth("isfalse", b -> b != null && !b));
    m.put(FuncId.IS_NOT_FALSE, truth("is not false", b -> b == null || b));

    m.put(FuncId.IF, new Def("if", 3, 3, a -> Types.merge(List.of(a.get(1).type(), a.get(2).type())), (args, ret) -> {
      Expr c = args.get(0);
      Expr t = args.get(1);
      Expr f = args.get(2);
      return (row, ctx) -> {
        Boolean b = Args.bool(c, row, ctx);
        Expr chosen = b != null && b ? t : f;
        return Casts.convert(chosen.eval(row, ctx), chosen.type(), ret, ctx, chosen.sql());
      };
    }));
    m.put(FuncId.IFNULL, new Def("ifnull", 2, 2, a -> Types.merge(types(a)), LogicFunctions::bindCoalesce));
    m.put(FuncId.COALESCE, new Def("coalesce", 1, Def.MANY, a -> Types.merge(types(a)), LogicFunctions::bindCoalesce));
    m.put(FuncId.NULLIF, new Def("nullif", 2, 2, a -> a.get(0).type().withFlags(a.get(0).type().flags() & ~FieldType.NOT_NULL_FLAG), (args, ret) -> {
      Expr a = args.get(0);
      Expr b = args.get(1);
      Comparator c = Comparator.of(a.type(), b.type());
      return (row, ctx) -> {
        Object x = a.eval(row, ctx);
        if (x == null) {
          return null;
        }
        Integer res = c.compare(x, b.eval(row, ctx), ctx);
        return res != null && res == 0 ? null : x;
      };
    }));
    m.put(FuncId.CASE, new Def("case", 1, Def.MANY, LogicFunctions::caseType, (args, ret) -> {
      int pairs = args.size() / 2;
      boolean hasElse = args.size() % 2 == 1;
      Expr elseExpr = hasElse ? args.get(args.size() - 1) : null;
      return (row, ctx) -> {
        for (int i = 0; i < pairs; i++) {
          Boolean b = Args.bool(args.get(2 * i), row, ctx);
          if (b != null && b) {
            Expr then = args.get(2 * i + 1);
            return Casts.convert(then.eval(row, ctx), then.type(), ret, ctx, then.sql());
          }
        }
        return elseExpr == null ? null : Casts.convert(elseExpr.eval(row, ctx), elseExpr.type(), ret, ctx, elseExpr.sql());
      };
    }));
  }

  private static FieldType caseType(List<Expr> args) {
    List<FieldType> results = new ArrayList<>();
    for (int i = 1; i < args.size(); i += 2) {
      results.add(args.get(i).type());
    }
    if (args.size() % 2 == 1) {
      results.add(args.get(args.size() - 1).type());
    }
    return Types.merge(results);
  }

  static List<FieldType> types(List<Expr> args) {
    List<FieldType> t = new ArrayList<>(args.size());
    for (Expr e : args) {
      t.add(e.type());
    }
    return t;
  }

  private static FunctionBody bindCoalesce(List<Expr> args, FieldType ret) {
    return (row, ctx) -> {
      for (Expr e : args) {
        Object v = e.eval(row, ctx);
        if (v != null) {
          return Casts.convert(v, e.type(), ret, ctx, e.sql());
        }
      }
      return null;
    };
  }

  private static Def truth(String name, Predicate<Boolean> test) {
    return new Def(name, 1, 1, a -> CompareFunctions.notNullBigint(), (args, ret) -> {
      Expr x = args.get(0);
      return (row, ctx) -> bool(test.test(Args.bool(x, row, ctx)));
    });
  }
}
