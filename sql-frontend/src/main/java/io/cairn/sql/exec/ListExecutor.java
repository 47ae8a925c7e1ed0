package io.cairn.sql.exec;

import java.util.List;

/** Hands out a materialized list of rows in batches; the list must not change meanwhile. */
public final class ListExecutor implements Executor {
  private final List<Object[]> rows;
  private int pos;

  public ListExecutor(List<Object[]> rows) {
    this.rows = rows;
  }

  @Override
  public List<Object[]> next() {
    if (pos >= rows.size()) {
      return null;
    }
    int end = Math.min(rows.size(), pos + BATCH_SIZE);
    List<Object[]> batch = rows.subList(pos, end);
    pos = end;
    return batch;
  }
}
