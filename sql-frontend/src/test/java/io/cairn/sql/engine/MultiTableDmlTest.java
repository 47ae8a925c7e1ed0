package io.cairn.sql.engine;

import static io.cairn.sql.testing.ResultRows.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kv.testing.MemoryStorage;
import io.cairn.sql.session.PreparedStatement;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.StatementResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Multi-table UPDATE and DELETE against a model: random tables joined on a non-unique key,
 * with prepared parameters in the SET list, the join condition and the WHERE (their order in
 * the statement is the order of the row query's parameters). The golden file
 * {@code multi_table_dml.test} pins the error cases and the outer-join forms.
 */
class MultiTableDmlTest {
  private static final int ROUNDS = 20;

  private MemoryStorage storage;
  private SqlEngine engine;
  private Session s;

  @BeforeEach
  void setUp() {
    storage = new MemoryStorage("multi-dml");
    engine = SqlEngine.open(storage);
    s = engine.open(1, "root", "h", null, Map.of());
    s.execute("CREATE DATABASE d");
    s.execute("USE d");
  }

  @AfterEach
  void tearDown() {
    s.close();
    engine.close();
    storage.close();
  }

  /** id → {k, v}: the model of a table {@code (id INT PRIMARY KEY, k INT, v INT, KEY (k))}. */
  private static Map<Integer, int[]> fill(Session s, String table, Random rnd, int rows) {
    s.execute("DROP TABLE IF EXISTS " + table);
    s.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, k INT, v INT, KEY k_" + table + " (k))");
    Map<Integer, int[]> model = new TreeMap<>();
    for (int id = 1; id <= rows; id++) {
      int[] kv = {rnd.nextInt(6), rnd.nextInt(100)};
      model.put(id, kv);
      s.execute("INSERT INTO " + table + " VALUES (" + id + ", " + kv[0] + ", " + kv[1] + ")");
    }
    return model;
  }

  private List<List<String>> contents(String table) {
    return rows(s.execute("SELECT id, k, v FROM " + table + " ORDER BY id"));
  }

  private static List<List<String>> expected(Map<Integer, int[]> model) {
    List<List<String>> out = new ArrayList<>();
    model.forEach((id, kv) -> out.add(List.of(String.valueOf(id), String.valueOf(kv[0]), String.valueOf(kv[1]))));
    return out;
  }

  @Test
  void updateOfBothTablesMatchesTheModel() {
    long seed = System.nanoTime();
    Random rnd = new Random(seed);
    for (int round = 0; round < ROUNDS; round++) {
      Map<Integer, int[]> a = fill(s, "a", rnd, 1 + rnd.nextInt(12));
      Map<Integer, int[]> b = fill(s, "b", rnd, 1 + rnd.nextInt(12));
      PreparedStatement ps = s.prepare("UPDATE a JOIN b ON a.k = b.k AND b.v >= ? SET a.v = a.v + ?, b.v = ? WHERE a.v < ?");
      long minB = rnd.nextInt(100);
      long add = 1 + rnd.nextInt(5);
      long setB = rnd.nextInt(1000);
      long maxA = rnd.nextInt(100);
      StatementResult.Update r = (StatementResult.Update) s.executePrepared(ps.id(), List.of(minB, add, setB, maxA), List.of());

      // Each matched row is changed once, whatever the number of rows it joins with.
      Map<Integer, int[]> newA = new TreeMap<>();
      Map<Integer, int[]> newB = new TreeMap<>();
      a.forEach((id, kv) -> newA.put(id, kv.clone()));
      b.forEach((id, kv) -> newB.put(id, kv.clone()));
      long changed = 0;
      for (var ea : a.entrySet()) {
        for (var eb : b.entrySet()) {
          if (ea.getValue()[0] == eb.getValue()[0] && eb.getValue()[1] >= minB && ea.getValue()[1] < maxA) {
            newA.get(ea.getKey())[1] = ea.getValue()[1] + (int) add;
            newB.get(eb.getKey())[1] = (int) setB;
          }
        }
      }
      for (var e : newA.entrySet()) {
        changed += e.getValue()[1] != a.get(e.getKey())[1] ? 1 : 0;
      }
      for (var e : newB.entrySet()) {
        changed += e.getValue()[1] != b.get(e.getKey())[1] ? 1 : 0;
      }
      String context = "seed " + seed + " round " + round;
      assertThat(contents("a")).as(context).isEqualTo(expected(newA));
      assertThat(contents("b")).as(context).isEqualTo(expected(newB));
      assertThat(r.affectedRows()).as(context).isEqualTo(changed);
      s.closePrepared(ps.id());
    }
  }

  @Test
  void deleteFromBothTablesMatchesTheModel() {
    long seed = System.nanoTime();
    Random rnd = new Random(seed);
    for (int round = 0; round < ROUNDS; round++) {
      Map<Integer, int[]> a = fill(s, "a", rnd, 1 + rnd.nextInt(12));
      Map<Integer, int[]> b = fill(s, "b", rnd, 1 + rnd.nextInt(12));
      boolean both = rnd.nextBoolean();
      String targets = both ? "a, b" : "a";
      PreparedStatement ps = rnd.nextBoolean()
          ? s.prepare("DELETE " + targets + " FROM a JOIN b ON a.k = b.k WHERE b.v > ? AND a.v < ?")
          : s.prepare("DELETE FROM " + targets + " USING a JOIN b ON a.k = b.k WHERE b.v > ? AND a.v < ?");
      long minB = rnd.nextInt(100);
      long maxA = rnd.nextInt(100);
      StatementResult.Update r = (StatementResult.Update) s.executePrepared(ps.id(), List.of(minB, maxA), List.of());

      Map<Integer, int[]> newA = new TreeMap<>(a);
      Map<Integer, int[]> newB = new TreeMap<>(b);
      for (var ea : a.entrySet()) {
        for (var eb : b.entrySet()) {
          if (ea.getValue()[0] == eb.getValue()[0] && eb.getValue()[1] > minB && ea.getValue()[1] < maxA) {
            newA.remove(ea.getKey());
            if (both) {
              newB.remove(eb.getKey());
            }
          }
        }
      }
      String context = "seed " + seed + " round " + round + " (" + targets + ")";
      assertThat(contents("a")).as(context).isEqualTo(expected(newA));
      assertThat(contents("b")).as(context).isEqualTo(expected(newB));
      assertThat(r.affectedRows()).as(context).isEqualTo(a.size() - newA.size() + b.size() - newB.size());
      s.execute("ADMIN CHECK TABLE a, b");
      s.closePrepared(ps.id());
    }
  }
}
