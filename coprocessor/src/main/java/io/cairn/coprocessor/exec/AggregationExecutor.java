package io.cairn.coprocessor.exec;

import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hash or stream aggregation. Output row: each function's {@link AggFunction#outputTypes()}
 * columns in order, then the GROUP BY values. Without GROUP BY it emits exactly one row, also
 * over empty input (COUNT 0, others NULL), as MySQL does.
 *
 * <p>Hash mode keeps one state per group (charged to the memory budget) and emits groups in
 * first-seen order once the input is exhausted. Stream mode needs its input ordered by the GROUP
 * BY values and keeps one group at a time, emitting each when its key changes. The functions may
 * be partial (storage node) or merging (root), see {@link AggFunctions}.
 */
public final class AggregationExecutor implements Executor {
  private static final long GROUP_OVERHEAD = 96;

  private final Executor child;
  private final List<Expr> groupBy;
  private final List<FieldType> groupTypes;
  private final List<AggFunction> functions;
  private final boolean streamed;
  private final ExecContext ctx;
  private final List<FieldType> schema;
  private final int aggWidth;
  private final Chunk.RowView view = new Chunk.RowView();
  private final Chunk out = new Chunk();
  private Iterator<Group> pending;
  private Group current;
  private GroupKey currentKey;
  private boolean inputDone;
  private boolean sawGroup;
  private long held;

  private static final class Group {
    final Object[] values;
    final AggFunction.State[] states;

    Group(Object[] values, AggFunction.State[] states) {
      this.values = values;
      this.states = states;
    }
  }

  public AggregationExecutor(
      Executor child, List<Expr> groupBy, List<AggFunction> functions, boolean streamed,
      ExecContext ctx) {
    this.child = child;
    this.groupBy = List.copyOf(groupBy);
    this.groupTypes = this.groupBy.stream().map(Expr::type).toList();
    this.functions = List.copyOf(functions);
    this.streamed = streamed;
    this.ctx = ctx;
    List<FieldType> s = new ArrayList<>();
    for (AggFunction f : functions) {
      s.addAll(f.outputTypes());
    }
    this.aggWidth = s.size();
    s.addAll(groupTypes);
    this.schema = List.copyOf(s);
  }

  private Group newGroup(Object[] values) {
    AggFunction.State[] states = new AggFunction.State[functions.size()];
    for (int i = 0; i < states.length; i++) {
      states[i] = functions.get(i).newState();
    }
    return new Group(values, states);
  }

  private Object[] groupValues() {
    Object[] v = new Object[groupBy.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = groupBy.get(i).eval(view, ctx.eval());
    }
    return v;
  }

  private void update(Group g) {
    for (AggFunction.State s : g.states) {
      s.update(view, ctx.eval());
    }
  }

  private Object[] result(Group g) {
    Object[] row = new Object[schema.size()];
    int at = 0;
    for (int i = 0; i < functions.size(); i++) {
      g.states[i].emit(row, at, ctx.eval());
      at += functions.get(i).outputTypes().size();
    }
    System.arraycopy(g.values, 0, row, aggWidth, g.values.length);
    return row;
  }

  @Override
  public Chunk next() {
    return streamed ? nextStreamed() : nextHashed();
  }

  private Chunk nextHashed() {
    if (pending == null) {
      Map<GroupKey, Group> groups = new LinkedHashMap<>();
      for (Chunk in = child.next(); in != null; in = child.next()) {
        for (int i = 0; i < in.size(); i++) {
          view.set(in.row(i));
          Object[] values = groupValues();
          GroupKey key = GroupKey.of(values, groupTypes);
          Group g = groups.get(key);
          if (g == null) {
            long bytes = GROUP_OVERHEAD + ExecContext.estimateRow(values) + 48L * functions.size();
            ctx.consume(bytes);
            held += bytes;
            g = newGroup(values);
            groups.put(key, g);
          }
          update(g);
        }
      }
      if (groups.isEmpty() && groupBy.isEmpty()) {
        groups.put(GroupKey.of(new Object[0], List.of()), newGroup(new Object[0]));
      }
      pending = groups.values().iterator();
    }
    out.clear();
    while (pending.hasNext() && !out.isFull()) {
      out.add(result(pending.next()));
    }
    if (!pending.hasNext()) {
      ctx.release(held);
      held = 0;
    }
    return out.isEmpty() ? null : out;
  }

  private Chunk nextStreamed() {
    out.clear();
    while (!out.isFull() && !inputDone) {
      Chunk in = child.next();
      if (in == null) {
        inputDone = true;
        if (current != null) {
          out.add(result(current));
          current = null;
        } else if (!sawGroup && groupBy.isEmpty()) {
          out.add(result(newGroup(new Object[0])));
        }
        break;
      }
      for (int i = 0; i < in.size(); i++) {
        view.set(in.row(i));
        Object[] values = groupValues();
        GroupKey key = GroupKey.of(values, groupTypes);
        if (current != null && !key.equals(currentKey)) {
          out.add(result(current));
          current = null;
        }
        if (current == null) {
          current = newGroup(values);
          currentKey = key;
          sawGroup = true;
        }
        update(current);
      }
    }
    return out.isEmpty() ? null : out;
  }

  @Override
  public List<FieldType> schema() {
    return schema;
  }

  @Override
  public String name() {
    return streamed ? "StreamAgg" : "HashAgg";
  }

  @Override
  public void close() {
    ctx.release(held);
    held = 0;
    child.close();
  }
}
