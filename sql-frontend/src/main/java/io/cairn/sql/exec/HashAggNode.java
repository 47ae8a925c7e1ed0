package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.EvalException;
import io.cairn.coprocessor.expr.func.Comparator;
import io.cairn.coprocessor.expr.types.EvalType;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.value.Convert;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hash aggregation at the root: groups by the {@link Rows#hashKey}s of the group columns (so
 * 'a' and 'A' share a group under a case-insensitive collation, as in MySQL; the group shows its
 * first row's values), in first-seen order. Without group columns it produces exactly one row,
 * also on empty input. Value arithmetic uses the evaluator's conversions ({@link Convert}) and
 * comparisons ({@link Comparator}).
 *
 * <p>When the coprocessor's partial/final merge functions land (io.cairn.coprocessor.exec), the
 * accumulators here should be replaced by them so that pushed-down partial aggregates and this
 * root aggregation share one implementation.
 */
public record HashAggNode(ExecNode input, int[] groupKeys, List<AggCall> calls) implements ExecNode {
  public HashAggNode {
    calls = List.copyOf(calls);
  }

  @Override
  public List<FieldType> types() {
    List<FieldType> out = new ArrayList<>();
    List<FieldType> in = input.types();
    for (int k : groupKeys) {
      out.add(in.get(k));
    }
    for (AggCall c : calls) {
      out.add(c.type());
    }
    return out;
  }

  @Override
  public Executor open(EvalContext ctx) {
    Executor in = input.open(ctx);
    List<FieldType> inTypes = input.types();
    return new Executor() {
      private boolean done;

      @Override
      public List<Object[]> next() {
        if (done) {
          return null;
        }
        done = true;
        Map<Rows.Key, Group> groups = new LinkedHashMap<>();
        for (List<Object[]> b = in.next(); b != null; b = in.next()) {
          for (Object[] r : b) {
            Rows.Key k = Rows.key(r, groupKeys, inTypes);
            Group g = groups.get(k);
            if (g == null) {
              g = new Group(r);
              groups.put(k, g);
            }
            g.add(r);
          }
        }
        if (groups.isEmpty() && groupKeys.length == 0) {
          groups.put(new Rows.Key(new Object[0], false), new Group(null));
        }
        List<Object[]> out = new ArrayList<>(groups.size());
        for (Group g : groups.values()) {
          out.add(g.result());
        }
        return out.isEmpty() ? null : out;
      }

      final class Group {
        final Object[] first;
        final Acc[] accs = new Acc[calls.size()];

        Group(Object[] first) {
          this.first = first;
          for (int i = 0; i < accs.length; i++) {
            accs[i] = new Acc(calls.get(i));
          }
        }

        void add(Object[] r) {
          for (Acc a : accs) {
            a.add(r);
          }
        }

        Object[] result() {
          Object[] o = new Object[groupKeys.length + accs.length];
          for (int i = 0; i < groupKeys.length; i++) {
            o[i] = first[groupKeys[i]];
          }
          for (int i = 0; i < accs.length; i++) {
            o[groupKeys.length + i] = accs[i].result();
          }
          return o;
        }
      }

      final class Acc {
        final AggCall call;
        final FieldType argType;
        final Set<Rows.Key> distinct;
        final Comparator cmp;
        long count;
        BigDecimal decSum = BigDecimal.ZERO;
        double dblSum;
        Object value;

        Acc(AggCall call) {
          this.call = call;
          this.argType = call.args().length == 0 ? null : inTypes.get(call.args()[0]);
          this.distinct = call.distinct() ? new HashSet<>() : null;
          this.cmp = argType == null ? null : Comparator.of(argType, argType);
        }

        void add(Object[] r) {
          for (int a : call.args()) {
            if (r[a] == null) {
              return;
            }
          }
          if (distinct != null && !distinct.add(Rows.key(r, call.args(), inTypes))) {
            return;
          }
          count++;
          if (argType == null) {
            return;
          }
          Object v = r[call.args()[0]];
          switch (call.kind()) {
            case SUM, SUM0, AVG -> {
              if (call.type().evalType() == EvalType.DECIMAL) {
                decSum = decSum.add(Convert.toDecimal(v, argType.isUnsigned(), ctx));
              } else {
                dblSum += Convert.toDouble(v, argType.isUnsigned(), ctx);
              }
            }
            case MIN -> {
              if (value == null || cmp.compare(v, value, ctx) < 0) {
                value = v;
              }
            }
            case MAX -> {
              if (value == null || cmp.compare(v, value, ctx) > 0) {
                value = v;
              }
            }
            case SINGLE_VALUE -> {
              if (count > 1) {
                throw new EvalException(1242, "21000", "Subquery returns more than 1 row");
              }
              value = v;
            }
            case ANY_VALUE -> {
              if (value == null) {
                value = v;
              }
            }
            default -> { }
          }
        }

        Object result() {
          boolean decimal = call.type().evalType() == EvalType.DECIMAL;
          return switch (call.kind()) {
            case COUNT -> count;
            case LITERAL -> call.literal();
            case SUM -> count == 0 ? null : decimal ? decSum : (Object) dblSum;
            case SUM0 -> decimal ? decSum : (Object) dblSum;
            case AVG -> count == 0 ? null
                : decimal ? Convert.divide(decSum, BigDecimal.valueOf(count), 4) : (Object) (dblSum / count);
            default -> value;
          };
        }
      }

      @Override
      public void close() {
        in.close();
      }
    };
  }
}
