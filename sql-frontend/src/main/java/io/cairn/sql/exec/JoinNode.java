package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.Row;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A join that builds the right input into memory (accounted to the query's {@link
 * MemoryTracker}) and streams the left. With equi-join keys it is
 * a hash join: candidates are the build rows whose {@link Rows#hashKey}s equal the probe row's
 * (keys are only chosen where both sides have the same type, so that hash equality is necessary
 * for MySQL equality); without keys every build row is a candidate (nested loop). Either way the
 * full join condition, evaluated by the evaluator over the concatenated row, decides a match, so
 * the keys are an access path and never change semantics. RIGHT and FULL emit unmatched build
 * rows at the end.
 *
 * @param condition the whole join condition over (left columns, right columns), or null for TRUE
 * @param leftKeys left columns of the equi-keys (empty for a nested loop)
 * @param rightKeys right columns, pairwise with leftKeys
 * @param nullSafe per key, whether it is {@code <=>} (NULL matches NULL)
 */
public record JoinNode(
    ExecNode left, ExecNode right, JoinKind kind, Expr condition, int[] leftKeys, int[] rightKeys,
    boolean[] nullSafe) implements ExecNode {

  @Override
  public List<FieldType> types() {
    List<FieldType> out = new ArrayList<>();
    boolean leftNullable = kind == JoinKind.RIGHT || kind == JoinKind.FULL;
    boolean rightNullable = kind == JoinKind.LEFT || kind == JoinKind.FULL;
    for (FieldType t : left.types()) {
      out.add(leftNullable ? nullable(t) : t);
    }
    if (kind.projectsRight()) {
      for (FieldType t : right.types()) {
        out.add(rightNullable ? nullable(t) : t);
      }
    }
    return out;
  }

  private static FieldType nullable(FieldType t) {
    return t.withFlags(t.flags() & ~FieldType.NOT_NULL_FLAG);
  }

  public boolean isHash() {
    return leftKeys.length > 0;
  }

  @Override
  public Executor open(EvalContext ctx, MemoryTracker memory) {
    Executor probe = left.open(ctx, memory);
    Executor build = right.open(ctx, memory);
    int leftWidth = left.types().size();
    int rightWidth = right.types().size();
    return new Executor() {
      private List<Object[]> buildRows;
      private boolean[] matched;
      private Map<Rows.Key, List<Integer>> table;
      private List<Integer> allRows;
      private boolean probeDone;
      private boolean tailDone;
      private long held;

      private void buildSide() {
        buildRows = new ArrayList<>();
        for (List<Object[]> b = build.next(); b != null; b = build.next()) {
          long bytes = 0;
          for (Object[] r : b) {
            // The row, its index entry in the hash table or row list.
            bytes += MemoryTracker.rowBytes(r) + 32;
          }
          held += bytes;
          memory.consume(bytes);
          buildRows.addAll(b);
        }
        matched = new boolean[buildRows.size()];
        if (isHash()) {
          table = new HashMap<>();
          List<FieldType> rt = right.types();
          for (int i = 0; i < buildRows.size(); i++) {
            Rows.Key k = Rows.key(buildRows.get(i), rightKeys, rt);
            if (k.hasNull() && !allNullSafe(k)) {
              continue;
            }
            table.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
          }
        } else {
          allRows = new ArrayList<>(buildRows.size());
          for (int i = 0; i < buildRows.size(); i++) {
            allRows.add(i);
          }
        }
      }

      private boolean allNullSafe(Rows.Key k) {
        for (int i = 0; i < k.values().length; i++) {
          if (k.values()[i] == null && !nullSafe[i]) {
            return false;
          }
        }
        return true;
      }

      @Override
      public List<Object[]> next() {
        if (buildRows == null) {
          buildSide();
        }
        while (!probeDone) {
          List<Object[]> batch = probe.next();
          if (batch == null) {
            probeDone = true;
            break;
          }
          List<Object[]> out = new ArrayList<>();
          for (Object[] l : batch) {
            probeRow(l, out);
          }
          if (!out.isEmpty()) {
            return out;
          }
        }
        if (!tailDone) {
          tailDone = true;
          if (kind == JoinKind.RIGHT || kind == JoinKind.FULL) {
            List<Object[]> out = new ArrayList<>();
            for (int i = 0; i < buildRows.size(); i++) {
              if (!matched[i]) {
                out.add(Rows.concat(new Object[leftWidth], buildRows.get(i)));
              }
            }
            if (!out.isEmpty()) {
              return out;
            }
          }
        }
        return null;
      }

      private void probeRow(Object[] l, List<Object[]> out) {
        List<Integer> candidates;
        if (isHash()) {
          Rows.Key k = Rows.key(l, leftKeys, left.types());
          candidates = k.hasNull() && !allNullSafe(k) ? List.of() : table.getOrDefault(k, List.of());
        } else {
          candidates = allRows;
        }
        boolean any = false;
        for (int i : candidates) {
          Object[] r = buildRows.get(i);
          Object[] joined = Rows.concat(l, r);
          if (condition != null && !Rows.isTrue(condition, Row.of(joined), ctx)) {
            continue;
          }
          any = true;
          matched[i] = true;
          if (kind == JoinKind.SEMI || kind == JoinKind.ANTI) {
            break;
          }
          out.add(joined);
        }
        if (!any && (kind == JoinKind.LEFT || kind == JoinKind.FULL)) {
          out.add(Rows.concat(l, new Object[rightWidth]));
        } else if (any && kind == JoinKind.SEMI) {
          out.add(l);
        } else if (!any && kind == JoinKind.ANTI) {
          out.add(l);
        }
      }

      @Override
      public void close() {
        memory.release(held);
        held = 0;
        probe.close();
        build.close();
      }
    };
  }

  @Override
  public String toString() {
    return (isHash() ? "HashJoin" : "NestedLoopJoin") + "(" + kind + ", keys " + Arrays.toString(leftKeys)
        + "=" + Arrays.toString(rightKeys) + ")";
  }
}
