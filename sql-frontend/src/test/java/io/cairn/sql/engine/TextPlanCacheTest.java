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
