package io.cairn.coprocessor.expr;

import io.cairn.coprocessor.expr.func.FunctionBody;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.List;

/**
 * A call of a scalar function with resolved argument and return types. The {@code body} is the
 * evaluation code bound once for these argument types (no per-row type dispatch); it is derived
 * from {@code (id, args, type)} and is not part of the plain data. Build calls with {@link
 * ExprBuilder}.
 */
public record ScalarFunction(FuncId id, List<Expr> args, FieldType type, FunctionBody body) implements Expr {
  public ScalarFunction {
    args = List.copyOf(args);
  }

  @Override
  public Object eval(Row row, EvalContext ctx) {
    return body.eval(row, ctx);
  }

  public Expr arg(int i) {
    return args.get(i);
  }

  @Override
  public String sql() {
    StringBuilder sb = new StringBuilder();
    if (id.infix() && args.size() == 2) {
      sb.append('(').append(args.get(0).sql()).append(' ').append(id.sqlName()).append(' ')
          .append(args.get(1).sql()).append(')');
    } else if (id == FuncId.UNARY_MINUS) {
      sb.append("-(").append(args.get(0).sql()).append(')');
    } else {
      sb.append(id.sqlName()).append('(');
      for (int i = 0; i < args.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(args.get(i).sql());
      }
      sb.append(')');
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScalarFunction f && f.id == id && f.args.equals(args) && f.type.equals(type);
  }

  @Override
  public int hashCode() {
    return (id.hashCode() * 31 + args.hashCode()) * 31 + type.hashCode();
  }

  @Override
  public String toString() {
    return sql() + " :: " + type;
  }
}
