package io.cairn.sql.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.sql.exec.InMemoryTableSource;
import io.cairn.sql.exec.TableColumn;
import io.cairn.sql.exec.TableSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded randomized comparison of window functions with a naive reference written from MySQL's
 * definitions: random tables {@code t(id, p, o, v)} with NULLs and duplicate keys, random windows
 * (partition or not, either direction, ROWS and RANGE frames with every bound kind) and every
 * function. The reference re-reads the whole partition for every row and places NULL order keys
 * at minus (ascending) or plus (descending) infinity, which is what "NULLs sort first, and are
 * peers of each other" means for RANGE frames. Each failure names its seed and query.
 */
class WindowPropertyTest {
  private final QueryEngine engine = new QueryEngine();

  static List<Long> seeds() {
    List<Long> seeds = new ArrayList<>(List.of(1L, 2L, 3L, 42L));
    seeds.add(System.nanoTime());
    return seeds;
  }

  /** A generated row of t; p, o and v may be NULL. */
  record R(long id, Long p, Long o, Long v) {}

  @ParameterizedTest
  @MethodSource("seeds")
  void windowFunctionsMatchTheReference(long seed) {
    Random rnd = new Random(seed);
    for (int round = 0; round < 40; round++) {
      List<R> data = new ArrayList<>();
      int n = rnd.nextInt(15);
      for (int i = 0; i < n; i++) {
        data.add(new R(i + 1, maybeNull(rnd, 3), maybeNull(rnd, 6), rnd.nextInt(5) == 0 ? null : (long) rnd.nextInt(20) - 5));
      }
      List<Object[]> rows = new ArrayList<>();
      for (R r : data) {
        rows.add(new Object[] {r.id, r.p, r.o, r.v});
      }
      Map<String, TableSource> tables = Map.of("t", new InMemoryTableSource("test", "t",
          List.of(new TableColumn("id", Tables.INT), new TableColumn("p", Tables.INT), new TableColumn("o", Tables.INT),
              new TableColumn("v", Tables.INT)), rows));
      Spec spec = Spec.random(rnd);
      String sql = "SELECT id, " + spec.function + " OVER (" + spec.window() + ") FROM t";
      Map<Long, String> actual = new HashMap<>();
      EvalContext ctx = EvalContext.forSelect(ZoneOffset.UTC, Clock.systemUTC());
      for (List<String> line : engine.query(sql, ctx, tables).textRows()) {
        actual.put(Long.parseLong(line.get(0)), line.get(1));
      }
      Map<Long, String> expected = spec.reference(data);
      assertThat(actual.keySet()).as("seed %d round %d: %s", seed, round, sql).isEqualTo(expected.keySet());
      for (Long id : expected.keySet()) {
        assertThat(same(actual.get(id), expected.get(id)))
            .as("seed %d round %d: %s, row id %d: got %s, expected %s", seed, round, sql, id, actual.get(id),
                expected.get(id))
            .isTrue();
      }
    }
  }

  private static Long maybeNull(Random rnd, int bound) {
    return rnd.nextInt(6) == 0 ? null : (long) rnd.nextInt(bound);
  }

  private static boolean same(String a, String b) {
    if (Objects.equals(a, b)) {
      return true;
    }
    if (a == null || b == null || a.equals("NULL") || b.equals("NULL")) {
      return false;
    }
    return new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
  }

  /** One random window function call and its window. */
  record Spec(String function, String fn, long arg, long arg2, boolean partition, boolean desc, boolean rows,
      Bound lower, Bound upper, boolean noFrame) {
    enum BoundKind { UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING }

    record Bound(BoundKind kind, long n) {
      String sql() {
        return switch (kind) {
          case UNBOUNDED_PRECEDING -> "UNBOUNDED PRECEDING";
          case PRECEDING -> n + " PRECEDING";
          case CURRENT_ROW -> "CURRENT ROW";
          case FOLLOWING -> n + " FOLLOWING";
          case UNBOUNDED_FOLLOWING -> "UNBOUNDED FOLLOWING";
        };
      }

      /** The bound's signed distance from the current row; infinite when unbounded. */
      double delta() {
        return switch (kind) {
          case UNBOUNDED_PRECEDING -> Double.NEGATIVE_INFINITY;
          case PRECEDING -> -n;
          case CURRENT_ROW -> 0;
          case FOLLOWING -> n;
          case UNBOUNDED_FOLLOWING -> Double.POSITIVE_INFINITY;
        };
      }
    }

    static final String[] RANKING = {"RANK", "DENSE_RANK", "PERCENT_RANK", "CUME_DIST"};
    static final String[] ORDERED = {"ROW_NUMBER", "NTILE", "LAG", "LEAD", "FIRST_VALUE", "LAST_VALUE", "NTH_VALUE"};
    static final String[] AGGREGATES = {"SUM", "COUNT", "MIN", "MAX", "AVG", "COUNT(*)"};

    static Spec random(Random rnd) {
      boolean partition = rnd.nextBoolean();
      boolean desc = rnd.nextBoolean();
      int family = rnd.nextInt(3);
      String fn;
      if (family == 0) {
        fn = RANKING[rnd.nextInt(RANKING.length)];
      } else if (family == 1) {
        fn = ORDERED[rnd.nextInt(ORDERED.length)];
      } else {
        fn = AGGREGATES[rnd.nextInt(AGGREGATES.length)];
      }
      long arg = 1 + rnd.nextInt(4);
      long arg2 = rnd.nextInt(3) - 1;
      if (fn.equals("LAG") || fn.equals("LEAD")) {
        // arg: the offset; arg2: the default, or MIN_VALUE for none (offset 1, NULL).
        boolean explicit = rnd.nextBoolean();
        arg = explicit ? arg - 1 : 1;
        arg2 = explicit ? arg2 : Long.MIN_VALUE;
      }
      String function = switch (fn) {
        case "NTILE" -> "NTILE(" + arg + ")";
        case "LAG", "LEAD" -> arg2 == Long.MIN_VALUE ? fn + "(v)" : fn + "(v, " + arg + ", " + arg2 + ")";
        case "FIRST_VALUE", "LAST_VALUE" -> fn + "(v)";
        case "NTH_VALUE" -> "NTH_VALUE(v, " + arg + ")";
        case "COUNT(*)" -> "COUNT(*)";
        case "SUM", "COUNT", "MIN", "MAX", "AVG" -> fn + "(v)";
        default -> fn + "()";
      };
      // RANGE frames (by value, peers together) only for functions that cannot tell peers apart.
      boolean rows = family == 1 || rnd.nextBoolean();
      Bound lower;
      Bound upper;
      do {
        lower = bound(rnd);
        upper = bound(rnd);
      } while (lower.kind == BoundKind.UNBOUNDED_FOLLOWING || upper.kind == BoundKind.UNBOUNDED_PRECEDING
          || lower.kind.ordinal() > upper.kind.ordinal()
          || (lower.kind == upper.kind && lower.kind == BoundKind.PRECEDING && lower.n < upper.n)
          || (lower.kind == upper.kind && lower.kind == BoundKind.FOLLOWING && lower.n > upper.n));
      return new Spec(function, fn, arg, arg2, partition, desc, rows, lower, upper, rnd.nextBoolean());
    }

    private static Bound bound(Random rnd) {
      return new Bound(BoundKind.values()[rnd.nextInt(5)], rnd.nextInt(4));
    }

    boolean ranking() {
      return List.of(RANKING).contains(fn);
    }

    /** Functions that read a frame; the others ignore one. */
    boolean usesFrame() {
      return !ranking() && !List.of("ROW_NUMBER", "NTILE", "LAG", "LEAD").contains(fn);
    }

    boolean ordered() {
      return List.of(ORDERED).contains(fn);
    }

    String window() {
      String dir = desc ? " DESC" : "";
      // A total order wherever the result depends on the position among peers.
      String order = ordered() || rows && !ranking() ? "ORDER BY o" + dir + ", id" + dir : "ORDER BY o" + dir;
      // Functions that do not read a frame ignore one, which MySQL accepts: written or not, same result.
      String frame = !usesFrame() && noFrame ? ""
          : " " + (rows ? "ROWS" : "RANGE") + " BETWEEN " + lower.sql() + " AND " + upper.sql();
      return (partition ? "PARTITION BY p " : "") + order + frame;
    }

    /** The expected result per row id. */
    Map<Long, String> reference(List<R> data) {
      Map<Long, String> out = new HashMap<>();
      Function<R, Double> pos = r -> r.o == null ? (desc ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY)
          : (double) (desc ? -r.o : r.o);
      for (R cur : data) {
        List<R> part = data.stream().filter(r -> !partition || Objects.equals(r.p, cur.p))
            .sorted(Comparator.comparing(pos).thenComparing(r -> desc ? -r.id : r.id)).toList();
        int i = part.indexOf(cur);
        int size = part.size();
        double s = pos.apply(cur);
        List<R> frame = new ArrayList<>();
        for (int j = 0; j < size; j++) {
          boolean in;
          if (rows) {
            in = j - i >= lower.delta() && j - i <= upper.delta();
          } else {
            // Infinite positions (NULL keys) plus a finite delta stay infinite; unbounded ends need no test.
            double sj = pos.apply(part.get(j));
            in = (lower.kind == BoundKind.UNBOUNDED_PRECEDING || sj >= s + lower.delta())
                && (upper.kind == BoundKind.UNBOUNDED_FOLLOWING || sj <= s + upper.delta());
          }
          if (in) {
            frame.add(part.get(j));
          }
        }
        long before = part.stream().filter(r -> pos.apply(r) < s).count();
        long upTo = part.stream().filter(r -> pos.apply(r) <= s).count();
        long distinctBefore = part.stream().filter(r -> pos.apply(r) < s).map(pos).distinct().count();
        Object value = switch (fn) {
          case "ROW_NUMBER" -> i + 1;
          case "RANK" -> before + 1;
          case "DENSE_RANK" -> distinctBefore + 1;
          case "PERCENT_RANK" -> size <= 1 ? 0.0 : (double) before / (size - 1);
          case "CUME_DIST" -> (double) upTo / size;
          case "NTILE" -> ntile(i, size, arg);
          case "LAG", "LEAD" -> {
            long j = fn.equals("LAG") ? i - arg : i + arg;
            yield j >= 0 && j < size ? part.get((int) j).v : (arg2 == Long.MIN_VALUE ? null : (Object) arg2);
          }
          case "FIRST_VALUE" -> frame.isEmpty() ? null : frame.get(0).v;
          case "LAST_VALUE" -> frame.isEmpty() ? null : frame.get(frame.size() - 1).v;
          case "NTH_VALUE" -> frame.size() >= arg ? frame.get((int) arg - 1).v : null;
          case "COUNT(*)" -> (long) frame.size();
          default -> aggregate(frame);
        };
        out.put(cur.id, value == null ? "NULL" : value instanceof Double d ? BigDecimal.valueOf(d).toPlainString()
            : value.toString());
      }
      return out;
    }

    private Object aggregate(List<R> frame) {
      List<Long> vs = frame.stream().map(R::v).filter(Objects::nonNull).toList();
      return switch (fn) {
        case "COUNT" -> (long) vs.size();
        case "SUM" -> vs.isEmpty() ? null : vs.stream().mapToLong(Long::longValue).sum();
        case "MIN" -> vs.isEmpty() ? null : vs.stream().mapToLong(Long::longValue).min().getAsLong();
        case "MAX" -> vs.isEmpty() ? null : vs.stream().mapToLong(Long::longValue).max().getAsLong();
        case "AVG" -> vs.isEmpty() ? null : BigDecimal.valueOf(vs.stream().mapToLong(Long::longValue).sum())
            .divide(BigDecimal.valueOf(vs.size()), 4, RoundingMode.HALF_UP);
        default -> throw new IllegalStateException(fn);
      };
    }

    /** NTILE by handing out rows one bucket at a time: the first n % k buckets get one extra row. */
    private static long ntile(int i, int n, long k) {
      int row = 0;
      for (long b = 1; b <= k; b++) {
        long size = n / k + (b <= n % k ? 1 : 0);
        for (long x = 0; x < size; x++) {
          if (row++ == i) {
            return b;
          }
        }
      }
      throw new IllegalStateException();
    }
  }
}
