package io.cairn.coprocessor.expr;

/**
 * A row as the evaluator sees it: values by column index, each of the Java class its column's
 * {@link io.cairn.coprocessor.expr.types.EvalType} prescribes, or {@code null} for SQL NULL.
 * Implementations may be reused cursors over a batch; an expression reads them only during its
 * {@code eval} call.
 */
public interface Row {
  Object get(int index);

  int size();

  /** A row over an array, which it does not copy. */
  static Row of(Object... values) {
    return new Row() {
      @Override
      public Object get(int index) {
        return values[index];
      }

      @Override
      public int size() {
        return values.length;
      }
    };
  }
}
