package io.cairn.coprocessor.exec;

import io.cairn.coprocessor.expr.types.FieldType;
import java.util.List;

/** Passes the first {@code limit} rows and then stops pulling from its child. */
public final class LimitExecutor implements Executor {
  private final Executor child;
  private final long limit;
  private final Chunk out = new Chunk();
  private long emitted;

  public LimitExecutor(Executor child, long limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("negative limit " + limit);
    }
    this.child = child;
    this.limit = limit;
  }

  @Override
  public Chunk next() {
    if (emitted >= limit) {
      return null;
    }
    Chunk in = child.next();
    if (in == null) {
      return null;
    }
    if (emitted + in.size() <= limit) {
      emitted += in.size();
      return in;
    }
    out.clear();
    for (int i = 0; emitted < limit; i++) {
      out.add(in.row(i));
      emitted++;
    }
    return out;
  }

  @Override
  public List<FieldType> schema() {
    return child.schema();
  }

  @Override
  public String name() {
    return "Limit";
  }

  @Override
  public void close() {
    child.close();
  }
}
