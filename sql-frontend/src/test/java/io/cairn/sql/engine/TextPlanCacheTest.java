package io.cairn.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kv.testing.MemoryStorage;
import io.cairn.sql.parser.MySqlParser;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.StatementResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextPlanCacheTest {
  private final MySqlParser parser = new MySqlParser();

  @Test
  void statementsDifferingInWhereLiteralsShareAKey() {
    var a = TextPlanCache.parameterize(parser.parse("SELECT c, 1 FROM t WHERE id = 5 AND c = 'x' ORDER BY 1 LIMIT 3"), "db", 7);
    var b = TextPlanCache.parameterize(parser.parse("SELECT c, 1 FROM t WHERE id = -12 AND c = 'yy' ORDER BY 1 LIMIT 3"), "db", 7);
    assertThat(a.key()).isEqualTo(b.key());
    assertThat(a.values()).containsExactly(5L, "x");
    assertThat(b.values()).containsExactly(-12L, "yy");
    // The select list, LIMIT, database and catalog version are part of the key.
    assertThat(TextPlanCache.parameterize(parser.parse("SELECT c, 2 FROM t WHERE id = 5 AND c = 'x' ORDER BY 1 LIMIT 3"), "db", 7).key())
        .isNotEqualTo(a.key());
    assertThat(TextPlanCache.parameterize(parser.parse("SELECT c, 1 FROM t WHERE id = 5 AND c = 'x' ORDER BY 1 LIMIT 3"), "db", 8).key())
        .isNotEqualTo(a.key());
    assertThat(TextPlanCache.parameterize(parser.parse("SELECT c FROM t"), "db", 7)).isNull();
    assertThat(TextPlanCache.parameterize(parser.parse("SELECT c FROM t WHERE c IS NULL"), "db", 7)).isNull();
  }

  @Test
  void cachedPlansAnswerEachStatementWithItsOwnLiterals() {
    try (MemoryStorage storage = new MemoryStorage("cache");
        SqlEngine engine = SqlEngine.open(storage, EngineConfig.DEFAULT.withPlanCacheSize(2));
        Session s = engine.open(1, "root", "h", null, Map.of())) {
      s.execute("CREATE DATABASE d");
      s.execute("USE d");
      s.execute("CREATE TABLE t (id INT PRIMARY KEY, c VARCHAR(5))");
      s.execute("INSERT INTO t VALUES (1, 'ab'), (2, 'b'), (3, 'abc')");
      for (int round = 0; round < 2; round++) {
        assertThat(rows(s, "SELECT c FROM t WHERE id = 1")).containsExactly("ab");
        assertThat(rows(s, "SELECT c FROM t WHERE id = 3")).containsExactly("abc");
        assertThat(rows(s, "SELECT id FROM t WHERE c LIKE 'a%' ORDER BY id")).containsExactly("1", "3");
        assertThat(rows(s, "SELECT id FROM t WHERE c LIKE 'b%' ORDER BY id")).containsExactly("2");
        s.execute("SET @x = " + (round + 1));
        assertThat(rows(s, "SELECT c FROM t WHERE id = @x + 0")).containsExactly(round == 0 ? "ab" : "b");
      }
      s.execute("ALTER TABLE t ADD COLUMN e INT DEFAULT 9");
      assertThat(rows(s, "SELECT e FROM t WHERE id = 2")).containsExactly("9");
    }
  }

  /**
   * A text statement is cached as its parameterized form, which must plan: parameters in BETWEEN
   * take the type of the other operand, also under AND, OR and NOT (sysbench's
   * select_random_ranges), so these statements are cached and answer as their text does.
   */
  @Test
  void betweenStatementsPlanWithTheirLiteralsAsParameters() {
    try (MemoryStorage storage = new MemoryStorage("between");
        SqlEngine engine = SqlEngine.open(storage);
        Session s = engine.open(1, "root", "h", null, Map.of())) {
      s.execute("CREATE DATABASE d");
      s.execute("USE d");
      s.execute("CREATE TABLE t (id INT PRIMARY KEY, k INT, c VARCHAR(5), KEY kk (k))");
      s.execute("INSERT INTO t VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c'), (4, 40, 'd'), (5, NULL, 'e')");
      for (String sql : List.of(
          "SELECT COUNT(k) FROM t WHERE k BETWEEN 10 AND 20 OR k BETWEEN 35 AND 45",
          "SELECT id FROM t WHERE k NOT BETWEEN 15 AND 35",
          "SELECT id FROM t WHERE k BETWEEN 10 AND 30 AND id = 2",
          "SELECT c FROM t WHERE c BETWEEN 'b' AND 'c' OR id BETWEEN 4 AND 4",
          "SELECT id FROM t WHERE NOT (id BETWEEN 2 AND 4)")) {
        var p = TextPlanCache.parameterize(parser.parse(sql), "d", 1);
        var ps = s.prepare(MySqlParser.unparse(p.query()));
        StatementResult.Rows r = (StatementResult.Rows) s.executePrepared(ps.id(), p.values(), List.of());
        List<String> prepared = new ArrayList<>();
        while (r.next()) {
          prepared.add(new String(r.row().text(0), StandardCharsets.UTF_8));
        }
        r.close();
        assertThat(prepared).as(sql).isEqualTo(rows(s, sql)).isNotEmpty();
      }
    }
  }

  private static List<String> rows(Session s, String sql) {
    StatementResult.Rows r = (StatementResult.Rows) s.execute(sql);
    List<String> out = new ArrayList<>();
    while (r.next()) {
      out.add(new String(r.row().text(0), StandardCharsets.UTF_8));
    }
    r.close();
    return out;
  }
}
