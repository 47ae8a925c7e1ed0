package io.cairn.coprocessor.expr;

import io.cairn.coprocessor.expr.types.FieldType;

/** A reference to the column at {@code index} of the input row; {@code name} is for messages only. */
public record ColumnRef(int index, FieldType type, String name) implements Expr {
  public ColumnRef {
    if (index < 0) {
      throw new IllegalArgumentException("column index must be >= 0");
    }
  }

  @Override
  public Object eval(Row row, EvalContext ctx) {
    return row.get(index);
  }

  @Override
  public String sql() {
    return name == null ? "#" + index : "`" + name + "`";
  }
}
