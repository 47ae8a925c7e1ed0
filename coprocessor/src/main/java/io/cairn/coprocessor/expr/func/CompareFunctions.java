package io.cairn.coprocessor.expr.func;

import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.FuncId;
import io.cairn.coprocessor.expr.types.Collation;
import io.cairn.coprocessor.expr.types.EvalType;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Comparisons, NULL-safe equality, IN, BETWEEN, LIKE, GREATEST and LEAST. Results of predicates
 * are BIGINT 1/0 or NULL.
 *
 * <p>IN and BETWEEN compare the left operand with each other operand pairwise under that pair's
 * comparison type; MySQL aggregates one comparison type over all operands, which gives the same
 * answer except for mixes of strings and numbers in one list.
 */
final class CompareFunctions {
  private CompareFunctions() {}

  static final Long ONE = 1L;
  static final Long ZERO = 0L;

  static Long bool(boolean b) {
    return b ? ONE : ZERO;
  }

  static void register(Map<FuncId, FunctionDef> m) {
    m.put(FuncId.EQ, cmp("=", c -> c == 0));
    m.put(FuncId.NE, cmp("<>", c -> c != 0));
    m.put(FuncId.LT, cmp("<", c -> c < 0));
    m.put(FuncId.LE, cmp("<=", c -> c <= 0));
    m.put(FuncId.GT, cmp(">", c -> c > 0));
    m.put(FuncId.GE, cmp(">=", c -> c >= 0));
    m.put(FuncId.NULL_EQ, new Def("<=>", 2, 2, a -> notNullBigint(), CompareFunctions::bindNullEq));
    m.put(FuncId.IN, new Def("in", 2, Def.MANY, a -> FieldType.bigint(), CompareFunctions::bindIn));
    m.put(FuncId.BETWEEN, new Def("between", 3, 3, a -> FieldType.bigint(), CompareFunctions::bindBetween));
    m.put(FuncId.LIKE, new Def("like", 3, 3, a -> FieldType.bigint(), CompareFunctions::bindLike));
    m.put(FuncId.GREATEST, new Def("greatest", 2, Def.MANY, CompareFunctions::extremeType, (a, r) -> bindExtreme(a, r, 1)));
    m.put(FuncId.LEAST, new Def("least", 2, Def.MANY, CompareFunctions::extremeType, (a, r) -> bindExtreme(a, r, -1)));
  }

  static FieldType notNullBigint() {
    return FieldType.bigint().withFlags(FieldType.NOT_NULL_FLAG);
  }

  private static Def cmp(String name, IntPredicate test) {
    return new Def(name, 2, 2, a -> FieldType.bigint(), (args, ret) -> {
      Expr l = args.get(0);
      Expr r = args.get(1);
      Comparator c = Comparator.of(l.type(), r.type());
      return (row, ctx) -> {
        Object a = l.eval(row, ctx);
        if (a == null) {
          return null;
        }
        Object b = r.eval(row, ctx);
        Integer res = c.compare(a, b, ctx);
        return res == null ? null : bool(test.test(res));
      };
    });
  }

  private static FunctionBody bindNullEq(List<Expr> args, FieldType ret) {
    Expr l = args.get(0);
    Expr r = args.get(1);
    Comparator c = Comparator.of(l.type(), r.type());
    return (row, ctx) -> {
      Object a = l.eval(row, ctx);
      Object b = r.eval(row, ctx);
      if (a == null || b == null) {
        return bool(a == null && b == null);
      }
      Integer res = c.compare(a, b, ctx);
      return bool(res != null && res == 0);
    };
  }

  private static FunctionBody bindIn(List<Expr> args, FieldType ret) {
    Expr x = args.get(0);
    List<Expr> list = args.subList(1, args.size());
    Comparator[] cs = new Comparator[list.size()];
    for (int i = 0; i < cs.length; i++) {
      cs[i] = Comparator.of(x.type(), list.get(i).type());
    }
    return (row, ctx) -> {
      Object a = x.eval(row, ctx);
      if (a == null) {
        return null;
      }
      boolean sawNull = false;
      for (int i = 0; i < cs.length; i++) {
        Integer res = cs[i].compare(a, list.get(i).eval(row, ctx), ctx);
        if (res == null) {
          sawNull = true;
        } else if (res == 0) {
          return ONE;
        }
      }
      return sawNull ? null : ZERO;
    };
  }

  private static FunctionBody bindBetween(List<Expr> args, FieldType ret) {
    Expr x = args.get(0);
    Expr lo = args.get(1);
    Expr hi = args.get(2);
    Comparator cl = Comparator.of(x.type(), lo.type(), false);
    Comparator ch = Comparator.of(x.type(), hi.type(), false);
    return (row, ctx) -> {
      Object a = x.eval(row, ctx);
      if (a == null) {
        return null;
      }
      Integer l = cl.compare(a, lo.eval(row, ctx), ctx);
      Integer h = ch.compare(a, hi.eval(row, ctx), ctx);
      if ((l != null && l < 0) || (h != null && h > 0)) {
        return ZERO;
      }
      return l == null || h == null ? null : ONE;
    };
  }

  private static FunctionBody bindLike(List<Expr> args, FieldType ret) {
    Expr s = args.get(0);
    Expr p = args.get(1);
    Expr e = args.get(2);
    Collation coll = Types.aggregateCollation(List.of(s.type(), p.type())).collation();
    return (row, ctx) -> {
      String str = Args.str(s, row, ctx);
      String pat = Args.str(p, row, ctx);
      String esc = Args.str(e, row, ctx);
      if (str == null || pat == null) {
        return null;
      }
      int escape = esc == null || esc.isEmpty() ? '\\' : esc.codePointAt(0);
      return bool(LikeMatcher.matches(str, pat, escape, coll));
    };
  }

  private static FieldType extremeType(List<Expr> args) {
    List<FieldType> types = new ArrayList<>();
    for (Expr e : args) {
      types.add(e.type());
    }
    return switch (Types.compareKindAll(args)) {
      case INT -> Types.merge(types);
      case REAL -> FieldType.doubleType();
      case DECIMAL -> Types.merge(types);
      case STRING -> Types.aggregateCollation(types);
      case DATETIME, DURATION -> Types.merge(types);
    };
  }

  private static FunctionBody bindExtreme(List<Expr> args, FieldType ret, int sign) {
    Types.CmpKind kind = Types.compareKindAll(args);
    if (kind == Types.CmpKind.INT && ret.evalType() == EvalType.DECIMAL) {
      kind = Types.CmpKind.DECIMAL;
    }
    Comparator c = new Comparator(kind, ret.collation(), ret, ret);
    return (row, ctx) -> {
      Object best = null;
      for (Expr e : args) {
        Object v = e.eval(row, ctx);
        if (v == null) {
          return null;
        }
        Object conv = Casts.convert(v, e.type(), ret, ctx, e.sql());
        if (conv == null) {
          return null;
        }
        if (best == null) {
          best = conv;
        } else {
          Integer res = c.compare(conv, best, ctx);
          if (res != null && res * sign > 0) {
            best = conv;
          }
        }
      }
      return best;
    };
  }

  /** Evaluates SQL LIKE over code points with a collation's weights; no space padding. */
  static final class LikeMatcher {
    private LikeMatcher() {}

    static boolean matches(String s, String p, int escape, Collation coll) {
      int[] str = s.codePoints().toArray();
      int[] pat = p.codePoints().toArray();
      int si = 0;
      int pi = 0;
      int starP = -1;
      int starS = -1;
      while (si < str.length) {
        if (pi < pat.length) {
          int pc = pat[pi];
          if (pc == escape && pi + 1 < pat.length) {
            if (coll.weight(pat[pi + 1]) == coll.weight(str[si])) {
              pi += 2;
              si++;
              continue;
            }
          } else if (pc == '%') {
            starP = pi++;
            starS = si;
            continue;
          } else if (pc == '_' || coll.weight(pc) == coll.weight(str[si])) {
            pi++;
            si++;
            continue;
          }
        }
        if (starP < 0) {
          return false;
        }
        pi = starP + 1;
        si = ++starS;
      }
      while (pi < pat.length && pat[pi] == '%' && pat[pi] != escape) {
        pi++;
      }
      return pi == pat.length;
    }
  }
}
