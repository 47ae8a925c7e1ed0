package io.cairn.coprocessor.exec;

import io.cairn.coprocessor.expr.Row;
import java.util.Arrays;

/**
 * A batch of rows flowing between executors. Each row is an {@code Object[]} of evaluator values
 * (see {@link io.cairn.coprocessor.expr.types.EvalType}), one per column of the producer's
 * schema.
 *
 * <p>Ownership: a chunk belongs to its producer and is valid until the producer's next call of
 * {@link Executor#next()}; producers may reuse it. Row arrays are never modified once added, so a
 * consumer may keep them (TopN and aggregation do). Not thread-safe.
 */
public final class Chunk {
  /** Rows per chunk that producers aim for. */
  public static final int DEFAULT_CAPACITY = 1024;

  private Object[][] rows;
  private int size;

  public Chunk(int capacity) {
    rows = new Object[Math.max(1, capacity)][];
  }

  public Chunk() {
    this(DEFAULT_CAPACITY);
  }

  public void add(Object[] row) {
    if (size == rows.length) {
      rows = Arrays.copyOf(rows, size * 2);
    }
    rows[size++] = row;
  }

  public Object[] row(int i) {
    if (i >= size) {
      throw new IndexOutOfBoundsException(i + " >= " + size);
    }
    return rows[i];
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public boolean isFull() {
    return size >= rows.length;
  }

  /** Empties the chunk for reuse; the row arrays themselves stay with whoever kept them. */
  public void clear() {
    Arrays.fill(rows, 0, size, null);
    size = 0;
  }

  /** A reusable {@link Row} view of one row array at a time. */
  public static final class RowView implements Row {
    private Object[] values;

    public RowView set(Object[] values) {
      this.values = values;
      return this;
    }

    @Override
    public Object get(int index) {
      return values[index];
    }

    @Override
    public int size() {
      return values.length;
    }
  }
}
