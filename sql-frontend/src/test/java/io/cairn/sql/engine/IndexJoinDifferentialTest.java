package io.cairn.sql.engine;

import static io.cairn.sql.testing.ResultRows.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.testing.MemoryStorage;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.SqlException;
import io.cairn.sql.testing.DagStorage;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Index lookup joins against hash joins: seeded random tables (an outer table of more rows than
 * one lookup batch, with NULL and repeated keys; inner tables keyed by an integer handle, a
 * secondary index with repeats and NULLs, a unique UNSIGNED index, and a table with a hidden row
 * id) and random joins — INNER (either way round), LEFT, RIGHT, IN, EXISTS, NOT IN, NOT EXISTS,
 * with residual conditions and filters on both sides, over restricted outer sides — run with
 * {@code cairn_index_join} ON and OFF, also inside a transaction with uncommitted writes to both tables: rows and errors must
 * agree. Failures name the seed and the query.
 */
class IndexJoinDifferentialTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void indexJoinsAnswerAsHashJoinsDo(long seed) {
    compare(seed, 60);
  }

  @Tag("slow")
  @ParameterizedTest
  @ValueSource(longs = {4, 5, 6, 7, 8, 9})
  void indexJoinsAnswerAsHashJoinsDoOnMoreSeeds(long seed) {
    compare(seed, 200);
  }

  @Test
  void explainNamesTheInnerTableAndItsKey() {
    try (Fixture f = new Fixture(11)) {
      Session s = f.session;
      assertThat(explain(s, "SELECT o.id, i.w FROM o JOIN i ON o.k = i.id WHERE o.v < 3"))
          .contains("algorithm=[IndexLookUpJoin], inner=[[d, i]], key=[handle:id]");
      assertThat(explain(s, "SELECT o.id, i.w FROM o JOIN i ON o.k = i.k WHERE o.v < 3"))
          .contains("algorithm=[IndexLookUpJoin], inner=[[d, i]], key=[index:kk(k)]");
      assertThat(explain(s, "SELECT o.id FROM o WHERE o.v < 3 AND o.u IN (SELECT uq FROM i WHERE w > 2)"))
          .contains("key=[index:uq(uq)]");
      assertThat(explain(s, "SELECT o.id, r.w FROM o JOIN r ON o.k = r.k WHERE o.v < 3"))
          .contains("inner=[[d, r]], key=[index:rk(k)]");
      // The key table on the left of an INNER or RIGHT join is looked up from the right.
      assertThat(explain(s, "SELECT o.id, i.w FROM i JOIN o ON o.k = i.id WHERE o.v < 3"))
          .contains("algorithm=[IndexLookUpJoin], inner=[[d, i]], key=[handle:id]");
      assertThat(explain(s, "SELECT o.id, i.w FROM i RIGHT JOIN o ON o.k = i.id WHERE o.v < 3"))
          .contains("joinType=[right], algorithm=[IndexLookUpJoin], inner=[[d, i]], key=[handle:id]");
      // A full outer scan, a non-key inner column, and a computed key stay hash joins.
      assertThat(explain(s, "SELECT o.id, i.w FROM o JOIN i ON o.k = i.id")).doesNotContain("IndexLookUpJoin");
      assertThat(explain(s, "SELECT o.id, i.w FROM o JOIN i ON o.k = i.w WHERE o.v < 3"))
          .doesNotContain("IndexLookUpJoin");
      assertThat(explain(s, "SELECT o.id FROM o JOIN (SELECT id + 1 AS j FROM i) x ON o.k = x.j WHERE o.v < 3"))
          .doesNotContain("IndexLookUpJoin");
      s.execute("SET cairn_index_join = OFF");
      assertThat(explain(s, "SELECT o.id, i.w FROM o JOIN i ON o.k = i.id WHERE o.v < 3"))
          .doesNotContain("IndexLookUpJoin");
    }
  }

  @Test
  void aLockingReadLocksTheLookedUpRows() {
    try (Fixture f = new Fixture(12)) {
      Session s = f.session;
      s.execute("UPDATE o SET k = 5, v = 1 WHERE id = 3");
      Session other = f.engine.open(2, "root", "h", null, Map.of());
      other.execute("USE d");
      s.execute("BEGIN");
      String sql = "SELECT o.id, x.w FROM o JOIN i x ON o.k = x.id WHERE o.id = 3 FOR UPDATE";
      assertThat(explain(s, sql)).contains("IndexLookUpJoin");
      assertThat(rows(s.execute(sql))).hasSize(1);
      other.execute("BEGIN");
      assertThatThrownBy(() -> other.execute("SELECT w FROM i WHERE id = 5 FOR UPDATE NOWAIT"))
          .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.errno()).isEqualTo(3572));
      // Only the looked-up row is read, so only it is locked.
      assertThat(rows(other.execute("SELECT id FROM i WHERE id = 6 FOR UPDATE NOWAIT"))).containsExactly(List.of("6"));
      other.execute("ROLLBACK");
      s.execute("ROLLBACK");
    }
  }

  private static String explain(Session s, String sql) {
    return String.join("\n", rows(s.execute("EXPLAIN " + sql)).stream().map(r -> r.get(0)).toList());
  }

  private static void compare(long seed, int rounds) {
    try (Fixture f = new Fixture(seed)) {
      Random rnd = new Random(seed);
      Session s = f.session;
      int indexJoins = 0;
      for (int round = 0; round < rounds; round++) {
        if (round == rounds / 2) {
          s.execute("BEGIN");
          for (int w = 0; w < 12; w++) {
            write(s, rnd);
          }
        }
        String sql = query(rnd);
        String what = "seed " + seed + " round " + round + ": " + sql;
        s.execute("SET cairn_index_join = ON");
        if (explain(s, sql).contains("IndexLookUpJoin")) {
          indexJoins++;
        }
        Outcome on = run(s, sql);
        s.execute("SET cairn_index_join = OFF");
        Outcome off = run(s, sql);
        assertThat(on.error).as(what).isEqualTo(off.error);
        assertThat(on.rows).as(what).isEqualTo(off.rows);
      }
      s.execute("ROLLBACK");
      assertThat(indexJoins).as("seed " + seed + ": index joins among " + rounds + " queries")
          .isGreaterThan(rounds / 3);
    }
  }

  /** An uncommitted change to the outer or an inner table. */
  private static void write(Session s, Random rnd) {
    int id = rnd.nextInt(90);
    switch (rnd.nextInt(5)) {
      case 0 -> s.execute("INSERT IGNORE INTO i VALUES (" + (100 + id) + ", " + key(rnd) + ", " + (1000 + id) + ", "
          + rnd.nextInt(6) + ", 's" + id + "')");
      case 1 -> s.execute("UPDATE i SET k = " + key(rnd) + ", w = " + rnd.nextInt(6) + " WHERE id = " + id);
      case 2 -> s.execute("DELETE FROM i WHERE id = " + id);
      case 3 -> s.execute("UPDATE o SET k = " + key(rnd) + " WHERE id = " + rnd.nextInt(300));
      default -> s.execute("INSERT INTO r (k, w) VALUES (" + key(rnd) + ", " + rnd.nextInt(6) + ")");
    }
  }

  private static String key(Random rnd) {
    return rnd.nextInt(8) == 0 ? "NULL" : String.valueOf(rnd.nextInt(70) - 5);
  }

  private static String query(Random rnd) {
    String inner = pick(rnd, "i", "i", "r");
    String innerKey = inner.equals("r") ? "k" : pick(rnd, "id", "id", "k", "uq");
    String outerKey = innerKey.equals("uq") ? pick(rnd, "u", "u", "k") : pick(rnd, "k", "k", "id", "u");
    String outer = switch (rnd.nextInt(4)) {
      case 0 -> "(SELECT * FROM o ORDER BY id LIMIT " + rnd.nextInt(300) + ")";
      case 1 -> "(SELECT * FROM o WHERE id BETWEEN " + rnd.nextInt(100) + " AND " + (100 + rnd.nextInt(200)) + ")";
      default -> "o";
    };
    String outerFilter = outer.equals("o") ? "o.v < " + rnd.nextInt(7) : "1 = 1";
    if (rnd.nextInt(4) == 0) {
      outerFilter += " OR o.v IS NULL";
    }
    String on = "o." + outerKey + " = x." + innerKey;
    String residual = switch (rnd.nextInt(4)) {
      case 0 -> " AND o.v <> x.w";
      case 1 -> " AND o.v + x.w > " + rnd.nextInt(8);
      default -> "";
    };
    String innerFilter = rnd.nextBoolean() ? "x.w > " + rnd.nextInt(5) : "";
    String from = outer + " o";
    return switch (rnd.nextInt(9)) {
      case 7 -> "SELECT o.id, x.w FROM " + inner + " x JOIN " + from + " ON " + on + residual
          + " WHERE (" + outerFilter + ")" + (innerFilter.isEmpty() ? "" : " AND " + innerFilter);
      case 8 -> "SELECT o.id, x." + innerKey + ", x.w FROM " + inner + " x RIGHT JOIN " + from + " ON " + on
          + residual + (innerFilter.isEmpty() ? "" : " AND " + innerFilter) + " WHERE (" + outerFilter + ")";
      case 0 -> "SELECT o.id, o." + outerKey + ", x.w FROM " + from + " JOIN " + inner + " x ON " + on + residual
          + " WHERE (" + outerFilter + ")" + (innerFilter.isEmpty() ? "" : " AND " + innerFilter);
      case 1, 2 -> "SELECT o.id, x." + innerKey + ", x.w FROM " + from + " LEFT JOIN " + inner + " x ON " + on
          + residual + (innerFilter.isEmpty() ? "" : " AND " + innerFilter) + " WHERE (" + outerFilter + ")";
      case 3 -> "SELECT o.id FROM " + from + " WHERE (" + outerFilter + ") AND o." + outerKey + " IN (SELECT x."
          + innerKey + " FROM " + inner + " x" + (innerFilter.isEmpty() ? "" : " WHERE " + innerFilter) + ")";
      case 4 -> "SELECT o.id FROM " + from + " WHERE (" + outerFilter + ") AND o." + outerKey + " NOT IN (SELECT x."
          + innerKey + " FROM " + inner + " x WHERE x." + innerKey + " IS NOT NULL"
          + (innerFilter.isEmpty() ? "" : " AND " + innerFilter) + ")";
      case 5 -> "SELECT o.id FROM " + from + " WHERE (" + outerFilter + ") AND EXISTS (SELECT 1 FROM " + inner
          + " x WHERE " + on + residual + (innerFilter.isEmpty() ? "" : " AND " + innerFilter) + ")";
      default -> "SELECT o.id FROM " + from + " WHERE (" + outerFilter + ") AND NOT EXISTS (SELECT 1 FROM " + inner
          + " x WHERE " + on + residual + (innerFilter.isEmpty() ? "" : " AND " + innerFilter) + ")";
    };
  }

  private static String pick(Random rnd, String... options) {
    return options[rnd.nextInt(options.length)];
  }

  private record Outcome(List<List<String>> rows, Integer error) {}

  private static Outcome run(Session s, String sql) {
    try {
      List<List<String>> rows = rows(s.execute(sql));
      rows.sort(Comparator.comparing(Object::toString));
      return new Outcome(rows, null);
    } catch (SqlException e) {
      return new Outcome(List.of(), e.errno());
    }
  }

  /**
   * A session over a {@link DagStorage} (so that inner sides may also be pushed-down reads) with
   * {@code o} (300 rows), {@code i} (integer handle, index {@code kk} on k, unique UNSIGNED
   * {@code uq}) and {@code r} (hidden row id, index {@code rk} on k).
   */
  private static final class Fixture implements AutoCloseable {
    final DagStorage storage;
    final SqlEngine engine;
    final Session session;

    Fixture(long seed) {
      storage = DagStorage.withTableRegions(new MemoryStorage("ijoin"), new long[] {7, 30, 150}, 16);
      engine = SqlEngine.open(storage);
      session = engine.open(1, "root", "h", null, Map.of());
      Random rnd = new Random(seed * 31 + 7);
      session.execute("CREATE DATABASE d");
      session.execute("USE d");
      session.execute("CREATE TABLE o (id INT PRIMARY KEY, k INT, u INT UNSIGNED, v INT)");
      session.execute("CREATE TABLE i (id INT PRIMARY KEY, k INT, uq INT UNSIGNED, w INT, s VARCHAR(10), "
          + "KEY kk (k), UNIQUE KEY uq (uq))");
      session.execute("CREATE TABLE r (k INT, w INT, KEY rk (k))");
      StringBuilder sb = new StringBuilder("INSERT INTO o VALUES ");
      for (int id = 0; id < 300; id++) {
        sb.append(id == 0 ? "" : ", ").append("(").append(id).append(", ").append(key(rnd)).append(", ")
            .append(rnd.nextInt(8) == 0 ? "NULL" : String.valueOf(rnd.nextInt(70))).append(", ")
            .append(rnd.nextInt(10) == 0 ? "NULL" : String.valueOf(rnd.nextInt(7))).append(")");
      }
      session.execute(sb.toString());
      sb = new StringBuilder("INSERT INTO i VALUES ");
      for (int id = 0; id < 60; id++) {
        sb.append(id == 0 ? "" : ", ").append("(").append(id).append(", ").append(key(rnd)).append(", ")
            .append(rnd.nextInt(5) == 0 ? "NULL" : String.valueOf(id + rnd.nextInt(3) * 60)).append(", ")
            .append(rnd.nextInt(6)).append(", 's").append(id).append("')");
      }
      session.execute(sb.toString());
      sb = new StringBuilder("INSERT INTO r (k, w) VALUES ");
      for (int n = 0; n < 50; n++) {
        sb.append(n == 0 ? "" : ", ").append("(").append(key(rnd)).append(", ").append(rnd.nextInt(6)).append(")");
      }
      session.execute(sb.toString());
    }

    @Override
    public void close() {
      engine.close();
      storage.close();
    }
  }
}
