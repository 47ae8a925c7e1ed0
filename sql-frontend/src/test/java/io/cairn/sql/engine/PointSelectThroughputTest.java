package io.cairn.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kv.testing.MemoryStorage;
import io.cairn.sql.session.PreparedStatement;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.StatementResult;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The figure for the report: point selects per second through the Session API on
 * MemoryStorage: text statements with the plan cache on ({@link TextPlanCache}) and off (parsed
 * and planned each time), and a prepared statement (planned once). Each select is a key read
 * ({@link PointGetExecutor}, without the planner), so the figures no longer depend on the row
 * count. Prints {@code point-select ...} lines; run with
 * {@code -Dtest=PointSelectThroughputTest -Dcairn.test.excludedGroups=none}.
 */
@Tag("slow")
class PointSelectThroughputTest {
  private static final int ROWS = Integer.getInteger("cairn.bench.rows", 1000);
  private static final long MILLIS = Long.getLong("cairn.bench.millis", 4000);

  @Test
  void pointSelectsPerSecond() {
    try (MemoryStorage storage = new MemoryStorage("bench");
        SqlEngine engine = SqlEngine.open(storage);
        Session s = engine.open(1, "root", "h", null, Map.of())) {
      s.execute("CREATE DATABASE b");
      s.execute("USE b");
      s.execute("CREATE TABLE t (id INT PRIMARY KEY, k INT, c VARCHAR(32), KEY kk (k))");
      for (int i = 0; i < ROWS; i += 500) {
        StringBuilder sql = new StringBuilder("INSERT INTO t VALUES ");
        for (int j = i; j < Math.min(ROWS, i + 500); j++) {
          sql.append(j > i ? "," : "").append('(').append(j).append(',').append(j * 7).append(",'row-")
              .append(j).append("')");
        }
        s.execute(sql.toString());
      }
      Random rnd = new Random(42);
      double text = measure(() -> {
        StatementResult.Rows r = (StatementResult.Rows) s.execute("SELECT id, k, c FROM t WHERE id = " + rnd.nextInt(ROWS));
        assertThat(r.next()).isTrue();
        r.close();
      });
      double uncached;
      try (SqlEngine noCache = SqlEngine.open(storage, EngineConfig.DEFAULT.withPlanCacheSize(0));
          Session u = noCache.open(2, "root", "h", "b", Map.of())) {
        uncached = measure(() -> {
          StatementResult.Rows r = (StatementResult.Rows) u.execute("SELECT id, k, c FROM t WHERE id = " + rnd.nextInt(ROWS));
          assertThat(r.next()).isTrue();
          r.close();
        });
      }
      PreparedStatement ps = s.prepare("SELECT id, k, c FROM t WHERE id = ?");
      double prepared = measure(() -> {
        StatementResult.Rows r = (StatementResult.Rows) s.executePrepared(ps.id(), List.of((long) rnd.nextInt(ROWS)), List.of());
        assertThat(r.next()).isTrue();
        r.close();
      });
      System.out.printf("point-select rows=%d text-cache-on=%.0f/s text-cache-off=%.0f/s prepared=%.0f/s%n",
          ROWS, text, uncached, prepared);
    }
  }

  private static double measure(Runnable op) {
    for (int i = 0; i < 200; i++) {
      op.run();
    }
    long start = System.nanoTime();
    long end = start + MILLIS * 1_000_000L;
    long n = 0;
    while (System.nanoTime() < end) {
      op.run();
      n++;
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }
}
