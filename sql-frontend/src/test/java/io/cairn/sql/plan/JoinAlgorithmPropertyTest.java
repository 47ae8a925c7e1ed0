package io.cairn.sql.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.sql.exec.InMemoryTableSource;
import io.cairn.sql.exec.TableColumn;
import io.cairn.sql.exec.TableSource;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Seeded randomized check that the hash join (chosen for {@code a.k = b.k}) returns exactly what
 * the nested-loop join returns for the same condition written so that no equi-key is extracted
 * ({@code a.k + 0 = b.k + 0}), for every join type, over random tables with NULLs, duplicates and
 * case-insensitively equal strings.
 */
class JoinAlgorithmPropertyTest {
  private final QueryEngine engine = new QueryEngine();

  @Test
  void hashJoinAgreesWithNestedLoop() {
    long seed = System.nanoTime();
    Random rnd = new Random(seed);
    for (int round = 0; round < 20; round++) {
      Map<String, TableSource> tables = Map.of("a", table("a", rnd), "b", table("b", rnd));
      for (String join : List.of("JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN")) {
        String hash = "SELECT a.k, a.s, b.k, b.s FROM a " + join + " b ON a.k = b.k AND a.s = b.s";
        String loop = "SELECT a.k, a.s, b.k, b.s FROM a " + join + " b ON a.k + 0 = b.k + 0 AND CONCAT(a.s) = b.s";
        assertThat(engine.prepare(hash, tables).explain()).contains("CairnJoin");
        assertThat(sorted(run(hash, tables))).as("seed %d round %d %s", seed, round, join)
            .isEqualTo(sorted(run(loop, tables)));
      }
      String semi = "SELECT k FROM a WHERE k IN (SELECT k FROM b)";
      String semiLoop = "SELECT k FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.k + 0 = a.k + 0)";
      assertThat(sorted(run(semi, tables))).as("seed %d round %d semi", seed, round)
          .isEqualTo(sorted(run(semiLoop, tables)));
    }
  }

  private List<String> run(String sql, Map<String, TableSource> tables) {
    EvalContext ctx = EvalContext.forSelect(ZoneOffset.UTC, Clock.systemUTC());
    return engine.query(sql, ctx, tables).textRows().stream().map(r -> String.join("|", r)).toList();
  }

  private static List<String> sorted(List<String> rows) {
    return rows.stream().sorted().collect(Collectors.toList());
  }

  private static TableSource table(String name, Random rnd) {
    List<Object[]> rows = new ArrayList<>();
    String[] strings = {"x", "X", "y", "x ", null};
    int n = rnd.nextInt(12);
    for (int i = 0; i < n; i++) {
      Long k = rnd.nextInt(6) == 0 ? null : (long) rnd.nextInt(5);
      rows.add(new Object[] {k, strings[rnd.nextInt(strings.length)]});
    }
    return new InMemoryTableSource("test", name,
        List.of(new TableColumn("k", Tables.INT), new TableColumn("s", FieldType.varchar())), rows);
  }
}
