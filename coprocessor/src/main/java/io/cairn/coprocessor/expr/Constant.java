package io.cairn.coprocessor.expr;

import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.value.Convert;

/** A constant value (null for SQL NULL) of the given type. */
public record Constant(Object value, FieldType type) implements Expr {
  @Override
  public Object eval(Row row, EvalContext ctx) {
    return value;
  }

  @Override
  public String sql() {
    if (value == null) {
      return "NULL";
    }
    String s = Convert.toStr(value, type);
    return value instanceof String ? "'" + s.replace("'", "''") + "'" : s;
  }
}
