package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.EvalException;
import io.cairn.coprocessor.expr.types.EvalType;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.value.Convert;
import io.cairn.sql.exec.WindowFrame.Bound;
import io.cairn.sql.exec.WindowFrame.BoundKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Window functions sharing one window (partition keys, order keys, frame): the input is
 * materialized (accounted to the query's {@link MemoryTracker}), sorted once by partition keys
 * then order keys ({@link KeyOrder}; stable, so rows that tie keep their input order), and every
 * function is evaluated over each partition. Output rows are the input columns followed by one
 * column per {@link WindowCall}, in sorted order.
 *
 * <p>Semantics are MySQL 8's: peers are rows equal on all order keys (all rows of a partition
 * without ORDER BY); RANK, DENSE_RANK, PERCENT_RANK and CUME_DIST count peer groups; ranking
 * functions, NTILE and LAG/LEAD ignore the frame; aggregates and FIRST/LAST/NTH_VALUE see the
 * frame, an empty frame giving NULL (0 for COUNT). Frames slide forward only (both ends are
 * monotonic in the row), so removable aggregates (SUM, COUNT, AVG) add the rows entering and
 * remove those leaving; MIN and MAX re-read a frame whose start moves.
 *
 * @param partitionKeys input columns of PARTITION BY
 * @param orderKeys input columns of ORDER BY, with {@code descending} per key
 * @param frame the frame of the frame-reading functions
 */
public record WindowNode(ExecNode input, int[] partitionKeys, int[] orderKeys, boolean[] descending,
    WindowFrame frame, List<WindowCall> calls) implements ExecNode {

  public WindowNode {
    calls = List.copyOf(calls);
    if (!frame.rows() && hasOffset(frame) && orderKeys.length != 1) {
      throw new IllegalArgumentException("a RANGE frame with an offset needs exactly one ORDER BY key");
    }
  }

  private static boolean hasOffset(WindowFrame f) {
    return f.lower().offset() != null || f.upper().offset() != null;
  }

  @Override
  public List<FieldType> types() {
    List<FieldType> out = new ArrayList<>(input.types());
    for (WindowCall c : calls) {
      out.add(c.type());
    }
    return out;
  }

  @Override
  public Executor open(EvalContext ctx, MemoryTracker memory) {
    Executor in = input.open(ctx, memory);
    List<FieldType> inTypes = input.types();
    int width = inTypes.size();
    int[] sortKeys = new int[partitionKeys.length + orderKeys.length];
    boolean[] sortDesc = new boolean[sortKeys.length];
    System.arraycopy(partitionKeys, 0, sortKeys, 0, partitionKeys.length);
    System.arraycopy(orderKeys, 0, sortKeys, partitionKeys.length, orderKeys.length);
    System.arraycopy(descending, 0, sortDesc, partitionKeys.length, orderKeys.length);
    KeyOrder sortOrder = new KeyOrder(sortKeys, sortDesc, inTypes, ctx);
    KeyOrder partitionOrder = new KeyOrder(partitionKeys, new boolean[partitionKeys.length], inTypes, ctx);
    KeyOrder peerOrder = new KeyOrder(orderKeys, descending, inTypes, ctx);
    return new Executor() {
      private Executor out;
      private long held;

      @Override
      public List<Object[]> next() {
        if (out == null) {
          out = new ListExecutor(evaluate());
        }
        return out.next();
      }

      private List<Object[]> evaluate() {
        List<Object[]> rows = new ArrayList<>();
        for (List<Object[]> b = in.next(); b != null; b = in.next()) {
          long bytes = 0;
          for (Object[] r : b) {
            // The input row and its widened copy with the function results.
            bytes += 2 * MemoryTracker.rowBytes(r) + 16L * calls.size();
          }
          held += bytes;
          memory.consume(bytes);
          for (Object[] r : b) {
            rows.add(Arrays.copyOf(r, width + calls.size()));
          }
        }
        if (sortKeys.length > 0) {
          rows.sort(sortOrder);
        }
        int start = 0;
        while (start < rows.size()) {
          int end = start + 1;
          while (end < rows.size() && partitionOrder.compare(rows.get(start), rows.get(end)) == 0) {
            end++;
          }
          new Partition(rows, start, end).evaluate();
          start = end;
        }
        return rows;
      }

      /** One partition, rows {@code [from, to)} of the sorted input. */
      final class Partition {
        final List<Object[]> rows;
        final int from;
        final int to;
        /** Per row (relative to from): the end (exclusive, absolute) of its peer group. */
        final int[] peerEnd;
        /** Per row: the start (absolute) of its peer group. */
        final int[] peerStart;
        /** Per row: the 1-based number of its peer group. */
        final long[] peerGroup;

        Partition(List<Object[]> rows, int from, int to) {
          this.rows = rows;
          this.from = from;
          this.to = to;
          int n = to - from;
          peerEnd = new int[n];
          peerStart = new int[n];
          peerGroup = new long[n];
          int s = from;
          long group = 0;
          while (s < to) {
            int e = s + 1;
            while (e < to && peerOrder.compare(rows.get(s), rows.get(e)) == 0) {
              e++;
            }
            group++;
            for (int i = s; i < e; i++) {
              peerStart[i - from] = s;
              peerEnd[i - from] = e;
              peerGroup[i - from] = group;
            }
            s = e;
          }
        }

        void evaluate() {
          int[] frameStart = new int[to - from];
          int[] frameEnd = new int[to - from];
          boolean framesNeeded = calls.stream().anyMatch(c -> c.kind().usesFrame());
          if (framesNeeded) {
            Object[] rangeKeys = frame.rows() || !hasOffset(frame) ? null : rangeKeys();
            for (int i = from; i < to; i++) {
              int s = bound(frame.lower(), i, true, rangeKeys);
              int e = bound(frame.upper(), i, false, rangeKeys);
              frameStart[i - from] = s;
              frameEnd[i - from] = Math.max(s, e);
            }
          }
          for (int c = 0; c < calls.size(); c++) {
            WindowCall call = calls.get(c);
            int col = width + c;
            if (call.kind() == WindowCall.Kind.AGGREGATE) {
              aggregate(call.aggregate(), col, frameStart, frameEnd);
              continue;
            }
            long n = to - from;
            for (int i = from; i < to; i++) {
              Object[] row = rows.get(i);
              int k = i - from;
              row[col] = switch (call.kind()) {
                case ROW_NUMBER -> (long) (k + 1);
                case RANK -> (long) (peerStart[k] - from + 1);
                case DENSE_RANK -> peerGroup[k];
                case PERCENT_RANK -> n <= 1 ? 0.0d : (double) (peerStart[k] - from) / (n - 1);
                case CUME_DIST -> (double) (peerEnd[k] - from) / n;
                case NTILE -> ntile(k, n, call.n());
                case LAG -> shifted(call, i - call.n());
                case LEAD -> shifted(call, i + call.n());
                case FIRST_VALUE -> frameEnd[k] > frameStart[k] ? rows.get(frameStart[k])[call.arg()] : null;
                case LAST_VALUE -> frameEnd[k] > frameStart[k] ? rows.get(frameEnd[k] - 1)[call.arg()] : null;
                case NTH_VALUE -> frameEnd[k] - frameStart[k] >= call.n()
                    ? rows.get((int) (frameStart[k] + call.n() - 1))[call.arg()] : null;
                case AGGREGATE -> throw new IllegalStateException();
              };
            }
          }
        }

        private Object shifted(WindowCall call, long j) {
          return j >= from && j < to ? rows.get((int) j)[call.arg()] : call.defaultValue();
        }

        private void aggregate(AggCall agg, int col, int[] frameStart, int[] frameEnd) {
          boolean sliding = Accumulator.removable(agg) || frame.lower().kind() == BoundKind.UNBOUNDED_PRECEDING;
          Accumulator acc = new Accumulator(agg, inTypes, ctx);
          int cs = from;
          int ce = from;
          for (int i = from; i < to; i++) {
            int s = frameStart[i - from];
            int e = frameEnd[i - from];
            if (!sliding || s >= ce || s < cs) {
              acc = new Accumulator(agg, inTypes, ctx);
              cs = s;
              ce = s;
            }
            while (ce < e) {
              acc.add(rows.get(ce++));
            }
            while (cs < s) {
              acc.remove(rows.get(cs++));
            }
            rows.get(i)[col] = acc.result();
          }
        }

        /**
         * The absolute row index where a bound puts the frame's start ({@code lower}) or its
         * exclusive end, clamped to the partition.
         */
        private int bound(Bound b, int i, boolean lower, Object[] rangeKeys) {
          int k = i - from;
          int p = switch (b.kind()) {
            case UNBOUNDED_PRECEDING -> from;
            case UNBOUNDED_FOLLOWING -> to;
            case CURRENT_ROW -> frame.rows() ? (lower ? i : i + 1) : (lower ? peerStart[k] : peerEnd[k]);
            case PRECEDING, FOLLOWING -> frame.rows()
                ? rowsOffset(b, i, lower)
                : rangeOffset(b, k, lower, rangeKeys);
          };
          return Math.max(from, Math.min(to, p));
        }

        private int rowsOffset(Bound b, int i, boolean lower) {
          long off = Math.min((Long) b.offset(), Integer.MAX_VALUE);
          long target = b.kind() == BoundKind.PRECEDING ? i - off : i + off;
          long p = lower ? target : target + 1;
          return (int) Math.max(from - 1L, Math.min(to + 1L, p));
        }

        /**
         * RANGE n PRECEDING/FOLLOWING: the rows whose key lies within n of the current row's, in
         * the ORDER BY direction. A NULL key's frame is its peers (the NULLs).
         */
        private int rangeOffset(Bound b, int k, boolean lower, Object[] keys) {
          Object v = keys[k];
          if (v == null) {
            return lower ? peerStart[k] : peerEnd[k];
          }
          boolean desc = descending[0];
          // In sort order, PRECEDING means smaller values ascending and larger ones descending.
          boolean subtract = (b.kind() == BoundKind.PRECEDING) != desc;
          Object target = shift(v, b.offset(), subtract);
          // First row whose key is at or beyond the target (lower), or strictly beyond it (upper).
          int lo = from;
          int hi = to;
          while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int c = compareRange(keys[mid - from], target, desc);
            if (lower ? c < 0 : c <= 0) {
              lo = mid + 1;
            } else {
              hi = mid;
            }
          }
          return lo;
        }

        /** The ORDER BY key of each row as BigDecimal (exact types) or Double, for RANGE offsets. */
        private Object[] rangeKeys() {
          FieldType t = inTypes.get(orderKeys[0]);
          Object[] keys = new Object[to - from];
          for (int i = from; i < to; i++) {
            Object v = rows.get(i)[orderKeys[0]];
            if (v == null) {
              continue;
            }
            keys[i - from] = switch (t.evalType()) {
              case INT, DECIMAL -> Convert.toDecimal(v, t.isUnsigned(), ctx);
              case REAL -> Convert.toDouble(v, t.isUnsigned(), ctx);
              default -> throw new EvalException(1235, "42000",
                  "This version of Cairn doesn't yet support 'RANGE frame offsets over " + t.evalType() + " values'");
            };
          }
          return keys;
        }
      }

      @Override
      public void close() {
        memory.release(held);
        held = 0;
        in.close();
      }
    };
  }

  private static Object shift(Object v, Object offset, boolean subtract) {
    if (v instanceof BigDecimal d) {
      BigDecimal o = offset instanceof BigDecimal od ? od : new BigDecimal(offset.toString());
      return subtract ? d.subtract(o) : d.add(o);
    }
    double o = ((Number) offset).doubleValue();
    return subtract ? (Double) v - o : (Double) v + o;
  }

  /** Compares a key with a target in sort order; NULL keys sort first ascending, last descending. */
  private static int compareRange(Object key, Object target, boolean desc) {
    int c;
    if (key == null) {
      c = -1;
    } else if (key instanceof BigDecimal a) {
      c = a.compareTo((BigDecimal) target);
    } else {
      c = Double.compare((Double) key, (Double) target);
    }
    return desc ? -c : c;
  }

  private static long ntile(int k, long n, long buckets) {
    long size = n / buckets;
    long rem = n % buckets;
    long big = rem * (size + 1);
    return k < big ? k / (size + 1) + 1 : (k - big) / size + rem + 1;
  }

  /** Result types MySQL gives the non-aggregate window functions. */
  public static FieldType rankingType(WindowCall.Kind kind) {
    return switch (kind) {
      case PERCENT_RANK, CUME_DIST -> FieldType.doubleType().withFlags(FieldType.NOT_NULL_FLAG);
      default -> FieldType.bigint().withFlags(FieldType.NOT_NULL_FLAG);
    };
  }

  /** Whether values of this type can take RANGE offsets here. */
  public static boolean rangeOffsetType(FieldType t) {
    return t.evalType() == EvalType.INT || t.evalType() == EvalType.DECIMAL || t.evalType() == EvalType.REAL;
  }
}
