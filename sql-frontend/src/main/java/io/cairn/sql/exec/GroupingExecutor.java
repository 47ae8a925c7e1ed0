package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.types.FieldType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body both root aggregations share ({@link HashAggNode} over rows, {@link MergeAggNode}
 * over partial results): reads its whole input, groups rows by the {@link Rows#key}s of the key
 * columns in first-seen order, and hands out one result row per group. Without key columns
 * there is exactly one group, also on empty input ({@link #newGroup} then gets null). Each new
 * group is accounted to the query's memory when it is created; closing releases it. Not
 * thread-safe, like every executor.
 */
abstract class GroupingExecutor implements Executor {
  /** Bytes per map entry and per aggregate function state, beyond the row values. */
  private static final long GROUP_OVERHEAD = 64;

  /** One group's running state. */
  interface Group {
    void add(Object[] row);

    Object[] result();
  }

  private final Executor in;
  private final int[] keys;
  private final List<FieldType> inTypes;
  private final MemoryTracker memory;
  private final int functions;
  private final int rowCopies;
  private boolean done;
  private long held;

  /**
   * @param functions how many function states a group keeps (for its accounted size)
   * @param rowCopies how many copies of its first row a group keeps (for its accounted size)
   */
  GroupingExecutor(Executor in, int[] keys, List<FieldType> inTypes, MemoryTracker memory, int functions,
      int rowCopies) {
    this.in = in;
    this.keys = keys;
    this.inTypes = inTypes;
    this.memory = memory;
    this.functions = functions;
    this.rowCopies = rowCopies;
  }

  /** A new group whose first row is {@code first} (null for the one group of empty input). */
  protected abstract Group newGroup(Object[] first);

  @Override
  public final List<Object[]> next() {
    if (done) {
      return null;
    }
    done = true;
    Map<Rows.Key, Group> groups = new LinkedHashMap<>();
    for (List<Object[]> b = in.next(); b != null; b = in.next()) {
      for (Object[] r : b) {
        Rows.Key k = Rows.key(r, keys, inTypes);
        Group g = groups.get(k);
        if (g == null) {
          g = newGroup(r);
          groups.put(k, g);
          long bytes = rowCopies * MemoryTracker.rowBytes(r) + GROUP_OVERHEAD * (1 + functions);
          held += bytes;
          memory.consume(bytes);
        }
        g.add(r);
      }
    }
    if (groups.isEmpty() && keys.length == 0) {
      groups.put(new Rows.Key(new Object[0], false), newGroup(null));
    }
    List<Object[]> out = new ArrayList<>(groups.size());
    for (Group g : groups.values()) {
      out.add(g.result());
    }
    return out.isEmpty() ? null : out;
  }

  @Override
  public final void close() {
    memory.release(held);
    held = 0;
    in.close();
  }
}
