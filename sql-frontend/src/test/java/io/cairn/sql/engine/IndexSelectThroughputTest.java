package io.cairn.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kv.testing.MemoryStorage;
import io.cairn.sql.session.PreparedStatement;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.StatementResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The figures for the report: statements per second through the Session API on MemoryStorage of
 * sysbench-shaped reads of a non-unique secondary index {@code k}: {@code k IN (10 values)}
 * (select_random_points), {@code k BETWEEN a AND a + 100} reading rows, and {@code COUNT(k)}
 * over the same range (select_random_ranges; the index alone answers it), and reads of a
 * VARCHAR index {@code name} under utf8mb4_bin and utf8mb4_general_ci: equality, and a range of
 * about 100 names. Prints {@code index-select ...} lines; run with {@code -Dtest=IndexSelectThroughputTest
 * -Dcairn.test.excludedGroups=none}.
 */
@Tag("slow")
class IndexSelectThroughputTest {
  private static final int ROWS = Integer.getInteger("cairn.bench.rows", 10_000);
  private static final long MILLIS = Long.getLong("cairn.bench.millis", 4000);

  @Test
  void indexSelectsPerSecond() {
    try (MemoryStorage storage = new MemoryStorage("bench");
        SqlEngine engine = SqlEngine.open(storage);
        Session s = engine.open(1, "root", "h", null, Map.of())) {
      s.execute("CREATE DATABASE b");
      s.execute("USE b");
      s.execute("CREATE TABLE sbtest1 (id INT PRIMARY KEY, k INT NOT NULL DEFAULT 0, c CHAR(120) NOT NULL DEFAULT '',"
          + " pad CHAR(60) NOT NULL DEFAULT '', KEY k_1 (k))");
      Random data = new Random(7);
      for (int i = 0; i < ROWS; i += 500) {
        StringBuilder sql = new StringBuilder("INSERT INTO sbtest1 VALUES ");
        for (int j = i; j < Math.min(ROWS, i + 500); j++) {
          sql.append(j > i ? "," : "").append('(').append(j).append(',').append(data.nextInt(ROWS)).append(",'c-")
              .append(j).append("','pad')");
        }
        s.execute(sql.toString());
      }
      Random rnd = new Random(42);
      double points = measure(() -> {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < 10; i++) {
          in.append(i > 0 ? ", " : "").append(rnd.nextInt(ROWS));
        }
        return s.execute("SELECT id, k, c, pad FROM sbtest1 WHERE k IN (" + in + ")");
      });
      double range = measure(() -> {
        int a = rnd.nextInt(ROWS);
        return s.execute("SELECT c FROM sbtest1 WHERE k BETWEEN " + a + " AND " + (a + 100));
      });
      double count = measure(() -> {
        int a = rnd.nextInt(ROWS);
        return s.execute("SELECT COUNT(k) FROM sbtest1 WHERE k BETWEEN " + a + " AND " + (a + 100));
      });
      StringBuilder marks = new StringBuilder();
      for (int i = 0; i < 10; i++) {
        marks.append(i > 0 ? ", " : "").append('?');
      }
      PreparedStatement ps = s.prepare("SELECT id, k, c, pad FROM sbtest1 WHERE k IN (" + marks + ")");
      double preparedPoints = measure(() -> {
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          params.add((long) rnd.nextInt(ROWS));
        }
        return s.executePrepared(ps.id(), params, List.of());
      });
      System.out.printf("index-select rows=%d k-in-10=%.0f/s k-in-10-prepared=%.0f/s k-between-100=%.0f/s"
          + " count-k-between-100=%.0f/s%n", ROWS, points, preparedPoints, range, count);
      for (String collation : List.of("utf8mb4_bin", "utf8mb4_general_ci")) {
        String table = "names_" + collation.substring("utf8mb4_".length());
        s.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, name VARCHAR(32) COLLATE " + collation
            + " NOT NULL, v INT, KEY name_1 (name))");
        for (int i = 0; i < ROWS; i += 500) {
          StringBuilder sql = new StringBuilder("INSERT INTO " + table + " VALUES ");
          for (int j = i; j < Math.min(ROWS, i + 500); j++) {
            sql.append(j > i ? "," : "").append('(').append(j).append(",'").append(name(j)).append("',").append(j)
                .append(')');
          }
          s.execute(sql.toString());
        }
        double equal = measure(() -> s.execute("SELECT id, v FROM " + table + " WHERE name = '"
            + name(rnd.nextInt(ROWS)) + "'"));
        double between = measure(() -> {
          int a = rnd.nextInt(ROWS - 100);
          return s.execute("SELECT id, v FROM " + table + " WHERE name BETWEEN '" + name(a) + "' AND '"
              + name(a + 99) + "'");
        });
        System.out.printf("index-select rows=%d %s name-eq=%.0f/s name-between-100=%.0f/s%n", ROWS, collation, equal,
            between);
      }
    }
  }

  /**
   * Names that sort as their numbers do. They start with digits, which have no case or accent
   * variants, so a _ci equality still narrows the index to one name's entries.
   */
  private static String name(int i) {
    return String.format("%06d-name", i);
  }

  private static double measure(Supplier<StatementResult> op) {
    for (int i = 0; i < 20; i++) {
      drain(op.get());
    }
    long start = System.nanoTime();
    long end = start + MILLIS * 1_000_000L;
    long n = 0;
    long rows = 0;
    while (System.nanoTime() < end) {
      rows += drain(op.get());
      n++;
    }
    assertThat(rows).as("the statements found rows").isPositive();
    return n / ((System.nanoTime() - start) / 1e9);
  }

  private static long drain(StatementResult result) {
    StatementResult.Rows r = (StatementResult.Rows) result;
    long n = 0;
    while (r.next()) {
      n++;
    }
    r.close();
    return n;
  }
}
