package io.cairn.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.cairn.kv.testing.MemoryStorage;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.SqlException;
import io.cairn.sql.session.StatementResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random DML through the Session API against an in-memory model of the table: INSERT,
 * INSERT IGNORE, REPLACE, UPDATE of unique and non-unique columns, DELETE, and transactions that
 * commit or roll back, over a table with a unique and two non-unique indexes. Both row layouts
 * are covered: an integer primary key (the handle) and a VARCHAR primary key (a hidden row id
 * and a PRIMARY unique index). After every statement the outcome (success or 1062) must match
 * the model; the contents are compared periodically and ADMIN CHECK TABLE must pass at the end.
 * Every failure message names the seed and the statement.
 */
class RandomDmlSessionTest {

  static List<Object[]> cases() {
    List<Object[]> out = new ArrayList<>();
    for (long seed = 1; seed <= 3; seed++) {
      out.add(new Object[] {seed, true});
      out.add(new Object[] {seed, false});
    }
    return out;
  }

  /** A model row: key, a (unique, nullable), b, c. */
  record Row(String key, Integer a, String b, int c) {}

  @ParameterizedTest(name = "seed {0}, integer key {1}")
  @MethodSource("cases")
  void randomDmlMatchesModel(long seed, boolean intKey) {
    Random rnd = new Random(seed);
    String ctx = "seed " + seed + (intKey ? " (int key)" : " (varchar key)");
    try (MemoryStorage storage = new MemoryStorage("random-dml");
        SqlEngine engine = SqlEngine.open(storage, new EngineConfig(7, 8, 16, GoldenSqlTest.CLOCK, 8));
        Session s = engine.open(1, "root", "h", null, Map.of())) {
      s.execute("CREATE DATABASE r");
      s.execute("USE r");
      s.execute("CREATE TABLE t (k " + (intKey ? "INT" : "VARCHAR(6)") + " PRIMARY KEY, a INT, b VARCHAR(4),"
          + " c INT NOT NULL, UNIQUE KEY ua (a), KEY kb (b), KEY kbc (b, c))");
      TreeMap<String, Row> model = new TreeMap<>();
      TreeMap<String, Row> saved = null;
      for (int step = 0; step < 250; step++) {
        String sql;
        TreeMap<String, Row> expected = new TreeMap<>(model);
        boolean expectDuplicate = false;
        int op = rnd.nextInt(10);
        String key = key(rnd, intKey);
        Integer a = rnd.nextInt(5) == 0 ? null : rnd.nextInt(30);
        String b = "b" + rnd.nextInt(4);
        int c = rnd.nextInt(100);
        if (op <= 3) {
          boolean ignore = op == 3;
          sql = "INSERT " + (ignore ? "IGNORE " : "") + "INTO t VALUES (" + lit(key, intKey) + ", " + a + ", '" + b
              + "', " + c + ")";
          boolean dup = expected.containsKey(key) || a != null && holderOf(expected, a) != null;
          if (!dup) {
            expected.put(key, new Row(key, a, b, c));
          }
          expectDuplicate = dup && !ignore;
        } else if (op == 4) {
          sql = "REPLACE INTO t VALUES (" + lit(key, intKey) + ", " + a + ", '" + b + "', " + c + ")";
          expected.remove(key);
          if (a != null) {
            String holder = holderOf(expected, a);
            if (holder != null) {
              expected.remove(holder);
            }
          }
          expected.put(key, new Row(key, a, b, c));
        } else if (op == 5) {
          sql = "UPDATE t SET a = " + a + " WHERE k = " + lit(key, intKey);
          Row old = expected.get(key);
          if (old != null) {
            String holder = a == null ? null : holderOf(expected, a);
            if (holder != null && !holder.equals(key)) {
              expectDuplicate = true;
            } else {
              expected.put(key, new Row(key, a, old.b(), old.c()));
            }
          }
        } else if (op == 6) {
          sql = "UPDATE t SET c = c + 1, b = '" + b + "' WHERE b = 'b" + rnd.nextInt(4) + "'";
          String match = sql.substring(sql.lastIndexOf("'b") + 1, sql.length() - 1);
          for (Row r : List.copyOf(expected.values())) {
            if (r.b().equals(match)) {
              expected.put(r.key(), new Row(r.key(), r.a(), b, r.c() + 1));
            }
          }
        } else if (op == 7) {
          sql = "DELETE FROM t WHERE c < " + c + " AND b = '" + b + "'";
          expected.values().removeIf(r -> r.c() < c && r.b().equals(b));
        } else if (op == 8) {
          sql = "DELETE FROM t WHERE k = " + lit(key, intKey);
          expected.remove(key);
        } else {
          if (saved == null) {
            sql = "BEGIN";
            saved = new TreeMap<>(model);
          } else if (rnd.nextBoolean()) {
            sql = "COMMIT";
            saved = null;
          } else {
            sql = "ROLLBACK";
            expected = saved;
            saved = null;
          }
        }
        try {
          s.execute(sql);
          if (expectDuplicate) {
            fail("%s step %d: %s succeeded, expected 1062", ctx, step, sql);
          }
        } catch (SqlException e) {
          if (!expectDuplicate || e.errno() != 1062) {
            throw new AssertionError(ctx + " step " + step + ": " + sql + " failed: " + e.errno() + " " + e.getMessage(), e);
          }
        }
        model = expected;
        if (step % 25 == 0 || step == 249) {
          assertThat(contents(s)).as("%s step %d after %s", ctx, step, sql).isEqualTo(render(model));
        }
      }
      if (saved != null) {
        s.execute("COMMIT");
      }
      assertThat(contents(s)).as("%s final contents", ctx).isEqualTo(render(model));
      try {
        s.execute("ADMIN CHECK TABLE t");
      } catch (SqlException e) {
        throw new AssertionError(ctx + ": ADMIN CHECK TABLE failed: " + e.getMessage(), e);
      }
      assertThat(contents(s, "SELECT k, a, b, c FROM t WHERE b = 'b1' ORDER BY k"))
          .as("%s filtered read", ctx)
          .isEqualTo(render(new TreeMap<>(Map.copyOf(filter(model, "b1")))));
    }
  }

  private static Map<String, Row> filter(TreeMap<String, Row> model, String b) {
    TreeMap<String, Row> out = new TreeMap<>();
    model.forEach((k, r) -> {
      if (r.b().equals(b)) {
        out.put(k, r);
      }
    });
    return out;
  }

  private static String key(Random rnd, boolean intKey) {
    int k = rnd.nextInt(40);
    // Zero-padded so that the model's string order is the table's key order.
    return intKey ? String.format("%03d", k) : "k" + String.format("%02d", k);
  }

  private static String lit(String key, boolean intKey) {
    return intKey ? Integer.toString(Integer.parseInt(key)) : "'" + key + "'";
  }

  private static String holderOf(Map<String, Row> rows, int a) {
    for (Row r : rows.values()) {
      if (Objects.equals(r.a(), a)) {
        return r.key();
      }
    }
    return null;
  }

  private static List<String> render(TreeMap<String, Row> model) {
    List<String> out = new ArrayList<>();
    for (Row r : model.values()) {
      String k = r.key().startsWith("k") ? r.key() : Integer.toString(Integer.parseInt(r.key()));
      out.add(k + "|" + (r.a() == null ? "NULL" : r.a()) + "|" + r.b() + "|" + r.c());
    }
    return out;
  }

  private static List<String> contents(Session s) {
    return contents(s, "SELECT k, a, b, c FROM t ORDER BY k");
  }

  private static List<String> contents(Session s, String sql) {
    List<String> out = new ArrayList<>();
    StatementResult.Rows rows = (StatementResult.Rows) s.execute(sql);
    while (rows.next()) {
      List<String> cols = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        cols.add(rows.row().isNull(i) ? "NULL" : new String(rows.row().text(i), StandardCharsets.UTF_8));
      }
      out.add(String.join("|", cols));
    }
    rows.close();
    return out;
  }
}
