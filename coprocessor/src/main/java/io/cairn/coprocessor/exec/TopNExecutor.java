package io.cairn.coprocessor.exec;

import io.cairn.coprocessor.expr.types.FieldType;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The first {@code limit} rows in {@link SortKey} order. Keeps a bounded heap of candidates
 * (charged to the memory budget), so it holds at most {@code limit} rows; ties keep the earlier
 * input row.
 */
public final class TopNExecutor implements Executor {
  private final Executor child;
  private final SortKey key;
  private final long limit;
  private final ExecContext ctx;
  private final Chunk.RowView view = new Chunk.RowView();
  private List<Object[]> sorted;
  private int pos;
  private Chunk out;

  private record Entry(Object[] key, long seq, Object[] row, long bytes) {}

  public TopNExecutor(Executor child, SortKey key, long limit, ExecContext ctx) {
    if (limit < 0) {
      throw new IllegalArgumentException("negative limit " + limit);
    }
    this.child = child;
    this.key = key;
    this.limit = limit;
    this.ctx = ctx;
  }

  private int order(Entry a, Entry b) {
    int c = key.compare(a.key(), b.key(), ctx.eval());
    return c != 0 ? c : Long.compare(a.seq(), b.seq());
  }

  private void build() {
    // A max-heap on the ORDER BY order: its head is the worst candidate kept.
    PriorityQueue<Entry> heap = new PriorityQueue<>((a, b) -> order(b, a));
    long seq = 0;
    long held = 0;
    for (Chunk in = limit == 0 ? null : child.next(); in != null; in = child.next()) {
      for (int i = 0; i < in.size(); i++) {
        Object[] row = in.row(i);
        Entry e = new Entry(key.evaluate(view.set(row), ctx.eval()), seq++, row, 0);
        if (heap.size() < limit) {
          long bytes = ExecContext.estimateRow(row) + ExecContext.estimateRow(e.key());
          ctx.consume(bytes);
          held += bytes;
          heap.add(new Entry(e.key(), e.seq(), row, bytes));
        } else if (order(e, heap.peek()) < 0) {
          Entry dropped = heap.poll();
          long bytes = ExecContext.estimateRow(row) + ExecContext.estimateRow(e.key());
          ctx.release(dropped.bytes());
          ctx.consume(bytes);
          held += bytes - dropped.bytes();
          heap.add(new Entry(e.key(), e.seq(), row, bytes));
        }
      }
    }
    List<Entry> entries = new ArrayList<>(heap);
    entries.sort(this::order);
    sorted = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      sorted.add(e.row());
    }
    ctx.release(held);
    out = new Chunk();
  }

  @Override
  public Chunk next() {
    if (sorted == null) {
      build();
    }
    if (pos >= sorted.size()) {
      return null;
    }
    out.clear();
    while (pos < sorted.size() && !out.isFull()) {
      out.add(sorted.get(pos++));
    }
    return out;
  }

  @Override
  public List<FieldType> schema() {
    return child.schema();
  }

  @Override
  public String name() {
    return "TopN";
  }

  @Override
  public void close() {
    child.close();
  }
}
