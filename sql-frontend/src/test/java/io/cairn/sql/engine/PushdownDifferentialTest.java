package io.cairn.sql.engine;

import static io.cairn.sql.testing.ResultRows.read;
import static io.cairn.sql.testing.ResultRows.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.testing.MemoryStorage;
import io.cairn.sql.session.PreparedStatement;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.SqlException;
import io.cairn.sql.session.StatementResult;
import io.cairn.sql.testing.DagStorage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Coprocessor pushdown against root-side execution: seeded random tables (integer handle and
 * hidden row id, NULLs, case-insensitive strings, decimals, doubles, datetimes, a column added
 * after rows were written) on a storage whose "regions" cut every table's rows at several handles
 * and page every few rows, so pushed-down plans merge many partial results. Every random query
 * (filters, projections, aggregates with and without GROUP BY, ORDER BY ... LIMIT, LIMIT, handle
 * ranges, prepared parameters) runs with {@code cairn_coprocessor_pushdown} ON and OFF: rows,
 * warning counts and errors must agree. Failures name the seed and the query.
 */
class PushdownDifferentialTest {

  private static final String[] COLUMNS = {"a", "b", "c", "d", "e", "f", "g"};

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void pushedPlansAnswerAsTheRootDoes(long seed) {
    compare(seed, 120);
  }

  @Tag("slow")
  @ParameterizedTest
  @ValueSource(longs = {5, 6, 7, 8, 9, 10, 11, 12})
  void pushedPlansAnswerAsTheRootDoesOnMoreSeeds(long seed) {
    compare(seed, 400);
  }

  @Test
  void explainShowsTheCopTaskAndTheRootPart() {
    try (Fixture f = new Fixture(2)) {
      Session s = f.session;
      assertThat(explain(s, "SELECT COUNT(*), SUM(a) FROM t WHERE a > 3"))
          .contains("CairnTableReader(table=[[d, t]]", "cop=[TableScan -> Selection(>(", "PartialAgg(group={}",
              "root=[FinalAgg]");
      assertThat(explain(s, "SELECT a, c FROM t WHERE id BETWEEN 3 AND 9 ORDER BY a DESC LIMIT 2, 3"))
          .contains("access=[Range_Scan(handle:id)]", "TopN(", "root=[TopN]");
      assertThat(explain(s, "SELECT * FROM t LIMIT 4")).contains("Limit(4)", "root=[Limit]");
      // A point get and an aggregate with DISTINCT stay at the root.
      assertThat(explain(s, "SELECT * FROM t WHERE id = 3")).doesNotContain("CairnTableReader");
      assertThat(explain(s, "SELECT COUNT(DISTINCT a) FROM t")).contains("CairnAggregate(group=[{}], EXPR$0=[COUNT(DISTINCT $0)])", "cop=[TableScan -> Projection[$1]]");
    }
  }

  @Test
  void aTransactionReadsItsOwnWritesAtTheRoot() {
    try (Fixture f = new Fixture(3)) {
      Session s = f.session;
      long before = f.storage.requests();
      long count = Long.parseLong(rows(s.execute("SELECT COUNT(*) FROM t")).get(0).get(0));
      assertThat(f.storage.requests()).isGreaterThan(before);
      s.execute("BEGIN");
      s.execute("INSERT INTO t (id, a) VALUES (100000, 1)");
      before = f.storage.requests();
      assertThat(rows(s.execute("SELECT COUNT(*) FROM t")).get(0).get(0)).isEqualTo(String.valueOf(count + 1));
      assertThat(f.storage.requests()).as("a table with buffered writes is read at the root").isEqualTo(before);
      // Another table without writes of this transaction is still pushed.
      rows(s.execute("SELECT COUNT(*) FROM h"));
      assertThat(f.storage.requests()).isGreaterThan(before);
      s.execute("ROLLBACK");
    }
  }

  @Test
  void anExpressionErrorOnTheNodesIsTheStatementsError() {
    try (Fixture f = new Fixture(4)) {
      Session s = f.session;
      long before = f.storage.requests();
      assertThatThrownBy(() -> rows(s.execute("SELECT a FROM t WHERE a + 9223372036854775807 > 0")))
          .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.errno()).isEqualTo(1690));
      assertThat(f.storage.requests()).isGreaterThan(before);
    }
  }

  private static String explain(Session s, String sql) {
    return String.join("\n", rows(s.execute("EXPLAIN " + sql)).stream().map(r -> r.get(0)).toList());
  }

  private static void compare(long seed, int rounds) {
    try (Fixture f = new Fixture(seed)) {
      Random rnd = new Random(seed);
      Session s = f.session;
      long pushedBefore = f.storage.requests();
      for (int round = 0; round < rounds; round++) {
        Query q = query(rnd);
        String what = "seed " + seed + " round " + round + ": " + q.sql;
        Outcome pushed = run(s, q, true);
        Outcome root = run(s, q, false);
        assertThat(pushed.error).as(what).isEqualTo(root.error);
        assertThat(pushed.rows).as(what).isEqualTo(root.rows);
        if (q.allRows) {
          assertThat(pushed.warnings).as("warnings, " + what).isEqualTo(root.warnings);
        }
        if (round % 7 == 0) {
          List<Object> params = new ArrayList<>();
          params.add((long) (rnd.nextInt(60) - 10));
          params.add((long) rnd.nextInt(8));
          String sql = rnd.nextBoolean() ? "SELECT id, a, c FROM t WHERE id >= CAST(? AS SIGNED) AND a <= CAST(? AS SIGNED)"
              : "SELECT COUNT(*), SUM(a), MAX(c) FROM t WHERE id > CAST(? AS SIGNED) AND a < CAST(? AS SIGNED)";
          assertThat(prepared(s, sql, params, true)).as("prepared, seed " + seed + " " + params)
              .isEqualTo(prepared(s, sql, params, false));
        }
      }
      assertThat(f.storage.requests() - pushedBefore).as("seed " + seed + ": requests pushed").isGreaterThan(rounds / 2);
    }
  }

  /**
   * @param allRows every row is examined whatever the plan (no bare LIMIT that may stop a scan
   *     early), so the warning counts must agree too
   */
  private record Query(String sql, boolean ordered, boolean allRows) {
    Query(String sql, boolean ordered) {
      this(sql, ordered, true);
    }
  }

  private record Outcome(List<List<String>> rows, int warnings, Integer error) {}

  private static Outcome run(Session s, Query q, boolean pushdown) {
    s.execute("SET cairn_coprocessor_pushdown = " + (pushdown ? "ON" : "OFF"));
    try {
      StatementResult.Rows r = (StatementResult.Rows) s.execute(q.sql);
      List<List<String>> rows = read(r);
      int warnings = r.warningCount();
      r.close();
      rows.replaceAll(PushdownDifferentialTest::roundDoubles);
      if (!q.ordered) {
        rows.sort(Comparator.comparing(Object::toString));
      }
      return new Outcome(rows, warnings, null);
    } catch (SqlException e) {
      return new Outcome(List.of(), 0, e.errno());
    }
  }

  private static List<List<String>> prepared(Session s, String sql, List<Object> params, boolean pushdown) {
    s.execute("SET cairn_coprocessor_pushdown = " + (pushdown ? "ON" : "OFF"));
    PreparedStatement ps = s.prepare(sql);
    try {
      return rows(s.executePrepared(ps.id(), params, List.of()));
    } finally {
      s.closePrepared(ps.id());
    }
  }

  private static Query query(Random rnd) {
    String table = rnd.nextInt(4) == 0 ? "h" : "t";
    String where = rnd.nextInt(5) == 0 ? "" : " WHERE " + predicate(rnd, table, 2);
    switch (rnd.nextInt(6)) {
      case 0 -> {
        return new Query("SELECT " + aggregates(rnd) + " FROM " + table + where, false);
      }
      case 1 -> {
        String g = pick(rnd, "a", "c", "g", "f", "a + g", "c, g");
        return new Query("SELECT " + g + ", " + aggregates(rnd) + " FROM " + table + where + " GROUP BY " + g, false);
      }
      case 2 -> {
        String key = pick(rnd, "a", "c", "d", "e", "f", "g", "a + g", "c DESC", "d DESC");
        String unique = table.equals("t") ? "id" : "k";
        int limit = 1 + rnd.nextInt(12);
        String offset = rnd.nextBoolean() ? "" : rnd.nextInt(5) + ", ";
        return new Query("SELECT " + columns(rnd) + " FROM " + table + where + " ORDER BY " + key + ", " + unique
            + " LIMIT " + offset + limit, true);
      }
      case 3 -> {
        return new Query("SELECT " + columns(rnd) + " FROM " + table + where + " LIMIT " + (1 + rnd.nextInt(15)), true,
            false);
      }
      case 4 -> {
        int lo = rnd.nextInt(70) - 10;
        String range = table.equals("t") ? "id BETWEEN " + lo + " AND " + (lo + rnd.nextInt(30))
            : "k > " + lo;
        return new Query("SELECT " + columns(rnd) + " FROM " + table + " WHERE " + range
            + (rnd.nextBoolean() ? " AND " + predicate(rnd, table, 1) : ""), true);
      }
      default -> {
        return new Query("SELECT " + columns(rnd) + ", a * 2 + 1, CONCAT(c, '-', a), d / 3, e + g FROM " + table + where,
            true);
      }
    }
  }

  private static String columns(Random rnd) {
    List<String> cols = new ArrayList<>();
    for (String c : COLUMNS) {
      if (rnd.nextInt(3) > 0) {
        cols.add(c);
      }
    }
    return cols.isEmpty() ? "*" : String.join(", ", cols);
  }

  private static String aggregates(Random rnd) {
    String[] all = {"COUNT(*)", "COUNT(g)", "SUM(a)", "SUM(d)", "AVG(a)", "AVG(d)", "AVG(e)", "SUM(e)", "MIN(c)",
        "MAX(c)", "MIN(f)", "MAX(f)", "MIN(d)", "MAX(b)", "SUM(b)", "SUM(c)", "COUNT(DISTINCT a)", "AVG(g)"};
    List<String> out = new ArrayList<>();
    for (int n = 1 + rnd.nextInt(4); n > 0; n--) {
      out.add(all[rnd.nextInt(all.length)]);
    }
    return String.join(", ", out);
  }

  private static String predicate(Random rnd, String table, int depth) {
    if (depth > 0 && rnd.nextInt(3) == 0) {
      return "(" + predicate(rnd, table, depth - 1) + (rnd.nextBoolean() ? " AND " : " OR ")
          + predicate(rnd, table, depth - 1) + ")";
    }
    int v = rnd.nextInt(12) - 2;
    return switch (rnd.nextInt(14)) {
      case 0 -> "a > " + v;
      case 1 -> "a = " + v;
      case 2 -> "c = '" + pick(rnd, "x", "X", "y", "abc", "Abc ", "") + "'";
      case 3 -> "c LIKE '" + pick(rnd, "a%", "%b%", "X", "_") + "'";
      case 4 -> "d BETWEEN " + (v - 3) + ".5 AND " + (v + 4);
      case 5 -> "e < " + (v / 4.0);
      case 6 -> "f >= '2024-0" + (1 + rnd.nextInt(5)) + "-01'";
      case 7 -> "g IS NULL";
      case 8 -> "a + g > " + v;
      case 9 -> "a IN (" + v + ", " + (v + 2) + ", " + (v + 5) + ")";
      case 10 -> "b > " + (v * 1000);
      case 11 -> "a = '" + v + "x'";
      case 12 -> "NOT (a < g)";
      default -> (table.equals("t") ? "id" : "k") + " < " + (v * 6);
    };
  }

  /**
   * Floating-point sums differ in their last digits with the order of addition (per region, then
   * merged): values printed with more than 12 significant digits are compared at 12.
   */
  private static List<String> roundDoubles(List<String> row) {
    List<String> out = new ArrayList<>(row.size());
    for (String v : row) {
      if (v != null && v.replaceAll("[^0-9]", "").length() > 12 && (v.contains("e") || v.contains("E") || v.contains("."))) {
        try {
          v = new java.math.BigDecimal(Double.parseDouble(v)).round(new java.math.MathContext(12)).toString();
        } catch (NumberFormatException e) {
          // not a number: kept as is
        }
      }
      out.add(v);
    }
    return out;
  }

  private static String pick(Random rnd, String... options) {
    return options[rnd.nextInt(options.length)];
  }

  /** A session over a {@link DagStorage} with two loaded tables: {@code t} (integer handle) and {@code h} (hidden row id). */
  private static final class Fixture implements AutoCloseable {
    final DagStorage storage;
    final SqlEngine engine;
    final Session session;

    Fixture(long seed) {
      storage = DagStorage.withTableRegions(new MemoryStorage("pushdown"), new long[] {-3, 7, 8, 20, 33, 45}, 4);
      engine = SqlEngine.open(storage);
      session = engine.open(1, "root", "h", null, Map.of());
      Random rnd = new Random(seed * 31 + 7);
      session.execute("CREATE DATABASE d");
      session.execute("USE d");
      String cols = "a INT, b BIGINT UNSIGNED, c VARCHAR(20) COLLATE utf8mb4_general_ci, d DECIMAL(10,2), e DOUBLE, "
          + "f DATETIME, g INT";
      session.execute("CREATE TABLE t (id INT PRIMARY KEY, " + cols + ")");
      session.execute("CREATE TABLE h (k INT, " + cols + ")");
      for (int i = 0; i < 40; i++) {
        load(rnd, i * 2 - 10 + rnd.nextInt(2));
      }
      session.execute("ALTER TABLE t ADD COLUMN x INT NOT NULL DEFAULT 7");
      session.execute("ALTER TABLE h ADD COLUMN x VARCHAR(5) DEFAULT 'dflt'");
      for (int i = 40; i < 60; i++) {
        load(rnd, i * 2 - 10);
      }
    }

    private void load(Random rnd, int id) {
      String values = rnd.nextInt(8) + ", " + (rnd.nextInt(3) == 0 ? "NULL" : rnd.nextInt(1 << 20)) + ", "
          + (rnd.nextInt(6) == 0 ? "NULL" : "'" + pick(rnd, "x", "X", "y", "abc", "ABC", "Abc ", "", "b") + "'") + ", "
          + (rnd.nextInt(4) - 1) + "." + rnd.nextInt(100) + ", "
          + (rnd.nextInt(5) == 0 ? "NULL" : String.valueOf(rnd.nextGaussian())) + ", "
          + "'2024-0" + (1 + rnd.nextInt(6)) + "-1" + rnd.nextInt(10) + " 10:0" + rnd.nextInt(10) + ":00', "
          + (rnd.nextInt(3) == 0 ? "NULL" : rnd.nextInt(9) - 3);
      session.execute("INSERT INTO t (id, a, b, c, d, e, f, g) VALUES (" + id + ", " + values + ")");
      session.execute("INSERT INTO h (k, a, b, c, d, e, f, g) VALUES (" + id + ", " + values + ")");
    }

    @Override
    public void close() {
      session.close();
      engine.close();
      storage.close();
    }
  }
}
