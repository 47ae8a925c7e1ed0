package io.cairn.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kv.DriverRegistry;
import io.cairn.kv.Storage;
import io.cairn.sql.engine.EngineConfig;
import io.cairn.sql.engine.SqlEngine;
import io.cairn.sql.session.PreparedStatement;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.StatementResult;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Figures for the report, through the Session API on {@code unistore://} (the TiKV driver over
 * in-process PD and storage node): point selects per second as text with the plan cache on and
 * off and as a prepared statement, and a scan-heavy aggregate and TopN with coprocessor pushdown
 * on and off. Prints {@code session-throughput ...} lines; run with {@code
 * -Dtest=SessionThroughputTest -Dcairn.test.excludedGroups=none} ({@code cairn.bench.rows},
 * {@code cairn.bench.millis} to change the table size and the time per figure).
 */
@Tag("slow")
class SessionThroughputTest {
  private static final int ROWS = Integer.getInteger("cairn.bench.rows", 20_000);
  private static final long MILLIS = Long.getLong("cairn.bench.millis", 4000);

  @Test
  void statementsPerSecondOnUnistore() {
    try (Storage storage = DriverRegistry.load(getClass().getClassLoader()).open("unistore://");
        SqlEngine engine = SqlEngine.open(storage);
        Session s = engine.open(1, "root", "h", null, Map.of())) {
      s.execute("CREATE DATABASE b");
      s.execute("USE b");
      s.execute("CREATE TABLE t (id INT PRIMARY KEY, k INT, c VARCHAR(32), pad CHAR(60))");
      for (int i = 0; i < ROWS; i += 500) {
        StringBuilder sql = new StringBuilder("INSERT INTO t VALUES ");
        for (int j = i; j < Math.min(ROWS, i + 500); j++) {
          sql.append(j > i ? "," : "").append('(').append(j).append(',').append((j * 7919) % 1000).append(",'row-")
              .append(j).append("', 'padding-padding-padding')");
        }
        s.execute(sql.toString());
      }
      Random rnd = new Random(42);
      double text = measure(() -> one(s.execute("SELECT id, k, c FROM t WHERE id = " + rnd.nextInt(ROWS))));
      double uncached;
      try (SqlEngine noCache = SqlEngine.open(storage, EngineConfig.DEFAULT.withPlanCacheSize(0));
          Session u = noCache.open(2, "root", "h", "b", Map.of())) {
        uncached = measure(() -> one(u.execute("SELECT id, k, c FROM t WHERE id = " + rnd.nextInt(ROWS))));
      }
      PreparedStatement ps = s.prepare("SELECT id, k, c FROM t WHERE id = ?");
      double prepared = measure(() -> one(s.executePrepared(ps.id(), List.of((long) rnd.nextInt(ROWS)), List.of())));
      System.out.printf("session-throughput unistore rows=%d point-select text-cache-on=%.0f/s text-cache-off=%.0f/s "
          + "prepared=%.0f/s%n", ROWS, text, uncached, prepared);

      String agg = "SELECT COUNT(*), SUM(k), AVG(k) FROM t WHERE c LIKE 'row-1%'";
      String topN = "SELECT id, c FROM t WHERE k > 10 ORDER BY k DESC, id LIMIT 10";
      String range = "SELECT SUM(k) FROM t WHERE id BETWEEN 1000 AND 1999";
      for (String q : List.of(agg, topN, range)) {
        s.execute("SET cairn_coprocessor_pushdown = ON");
        double on = measure(() -> one(s.execute(q)));
        s.execute("SET cairn_coprocessor_pushdown = OFF");
        double off = measure(() -> one(s.execute(q)));
        System.out.printf("session-throughput unistore rows=%d pushdown-on=%.1f/s pushdown-off=%.1f/s ratio=%.2f  %s%n",
            ROWS, on, off, on / off, q);
      }
    }
  }

  private static void one(StatementResult r) {
    StatementResult.Rows rows = (StatementResult.Rows) r;
    assertThat(rows.next()).isTrue();
    while (rows.next()) {
      // drain
    }
    rows.close();
  }

  private static double measure(Runnable op) {
    long warm = System.nanoTime() + Math.min(MILLIS, 1000) * 1_000_000L;
    while (System.nanoTime() < warm) {
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
