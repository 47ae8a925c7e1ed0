package io.cairn.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kv.testing.MemoryStorage;
import io.cairn.sql.session.PreparedStatement;
import io.cairn.sql.session.Session;
import io.cairn.sql.session.SqlException;
import io.cairn.sql.session.StatementResult;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The key access paths (point get, batch point get, unique-key lookups, handle ranges) against
 * the full scan on seeded random tables and queries: each query over {@code t} is compared with
 * the same query over {@code (SELECT * FROM t) AS t}, which no key path applies to, as text,
 * as a prepared statement with the key values bound as parameters, and inside a transaction with
 * uncommitted writes. Failures name the seed and the statement.
 */
class AccessPathDifferentialTest {
  private static final String[] LAYOUTS = {
      "CREATE TABLE t (id INT PRIMARY KEY, k INT, c VARCHAR(20), u INT, UNIQUE KEY uk (u))",
      "CREATE TABLE t (id BIGINT UNSIGNED PRIMARY KEY, k INT, c VARCHAR(20), u TINYINT, UNIQUE KEY uk (u))",
      "CREATE TABLE t (id INT, k INT, c VARCHAR(20), u INT, PRIMARY KEY (id, k), UNIQUE KEY uk (u))",
  };

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void keyPathsReadWhatAFullScanReads(long seed) {
    compare(seed, 50);
  }

  @Tag("slow")
  @ParameterizedTest
  @ValueSource(longs = {4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
  void keyPathsReadWhatAFullScanReadsOnMoreSeeds(long seed) {
    compare(seed, 200);
  }

  private static void compare(long seed, int rounds) {
    Random rnd = new Random(seed);
    String layout = LAYOUTS[(int) (seed % LAYOUTS.length)];
    boolean unsigned = layout.contains("UNSIGNED");
    try (MemoryStorage storage = new MemoryStorage("diff");
        SqlEngine engine = SqlEngine.open(storage);
        Session s = engine.open(1, "root", "h", null, Map.of())) {
      s.execute("CREATE DATABASE d");
      s.execute("USE d");
      s.execute(layout);
      for (int i = 0; i < 40; i++) {
        long id = unsigned ? rnd.nextInt(60) : rnd.nextInt(60) - 20;
        String u = rnd.nextInt(4) == 0 ? "NULL" : Integer.toString(rnd.nextInt(100) - 10);
        try {
          s.execute("INSERT INTO t VALUES (" + id + ", " + rnd.nextInt(5) + ", 'c" + i + "', " + u + ")");
        } catch (RuntimeException duplicate) {
          // A repeated key or unique value: the row is skipped.
        }
      }
      int prepared = 0;
      java.util.Set<String> unprepared = new java.util.TreeSet<>();
      for (int round = 0; round < rounds; round++) {
        boolean txn = rnd.nextInt(5) == 0;
        if (txn) {
          s.execute("BEGIN");
          s.execute("UPDATE t SET c = 'in-txn' WHERE id = " + (rnd.nextInt(60) - 20));
          s.execute("DELETE FROM t WHERE id = " + (rnd.nextInt(60) - 20));
          try {
            s.execute("INSERT INTO t VALUES (" + rnd.nextInt(60) + ", 9, 'new', " + rnd.nextInt(100) + ")");
          } catch (RuntimeException duplicate) {
            // Already there.
          }
        }
        List<Object> params = new ArrayList<>();
        List<String> literals = new ArrayList<>();
        String where = condition(rnd, params, literals);
        String extra = rnd.nextInt(4) == 0 ? " AND k >= " + rnd.nextInt(5) : "";
        String select = switch (rnd.nextInt(4)) {
          case 0 -> "SELECT id, k, c, u";
          case 1 -> "SELECT c, k * 2 + 1, UPPER(c)";
          case 2 -> "SELECT COUNT(*), SUM(k)";
          default -> "SELECT DISTINCT k";
        };
        String textWhere = fill(where, literals);
        String fast = select + " FROM t WHERE " + textWhere + extra;
        String scan = select + " FROM (SELECT * FROM t) AS t WHERE " + textWhere + extra;
        String context = "seed " + seed + " round " + round + ": " + fast + " params " + params;
        List<List<String>> expected = rows(s.execute(scan));
        assertThat(rows(s.execute(fast))).as(context).isEqualTo(expected);
        PreparedStatement ps;
        try {
          ps = s.prepare(select + " FROM t WHERE " + where + extra);
        } catch (SqlException e) {
          // The planner cannot yet type a bare ? in some positions (e.g. both ends of BETWEEN).
          assertThat(e.getMessage()).as(context).contains("no MySQL type for Calcite type UNKNOWN");
          unprepared.add(select + " ... WHERE " + where + extra);
          ps = null;
        }
        if (ps != null) {
          prepared++;
          assertThat(rows(s.executePrepared(ps.id(), params, List.of()))).as("prepared, " + context)
              .isEqualTo(expected);
          s.closePrepared(ps.id());
        }
        if (txn) {
          s.execute(rnd.nextBoolean() ? "COMMIT" : "ROLLBACK");
        }
      }
      System.out.println("seed " + seed + ": " + prepared + " prepared; not preparable: " + unprepared);
      assertThat(prepared).as("seed %d: prepared comparisons", seed).isGreaterThan(rounds / 3);
    }
  }

  /** A WHERE with {@code ?} for each key value; the values go to both lists in order. */
  private static String condition(Random rnd, List<Object> params, List<String> literals) {
    String col = rnd.nextInt(3) == 0 ? "u" : "id";
    return switch (rnd.nextInt(5)) {
      case 0, 1 -> col + " = " + value(rnd, params, literals);
      case 2 -> {
        StringBuilder sb = new StringBuilder(col + " IN (");
        int n = 1 + rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
          sb.append(i > 0 ? ", " : "").append(value(rnd, params, literals));
        }
        yield sb.append(')').toString();
      }
      case 3 -> col + " BETWEEN " + value(rnd, params, literals) + " AND " + value(rnd, params, literals);
      default -> col + (rnd.nextBoolean() ? " > " : " >= ") + value(rnd, params, literals) + " AND " + col
          + (rnd.nextBoolean() ? " < " : " <= ") + value(rnd, params, literals);
    };
  }

  private static String value(Random rnd, List<Object> params, List<String> literals) {
    long n = rnd.nextInt(70) - 25;
    Object param;
    String literal;
    switch (rnd.nextInt(10)) {
      case 0 -> {
        param = Long.toString(n);
        literal = "'" + n + "'";
      }
      case 1 -> {
        param = new BigDecimal(n + ".5");
        literal = n + ".5";
      }
      case 2 -> {
        param = new BigDecimal(n + ".0");
        literal = n + ".0";
      }
      case 3 -> {
        param = (double) n;
        literal = n + "e0";
      }
      case 4 -> {
        param = null;
        literal = "NULL";
      }
      case 5 -> {
        param = n + "x";
        literal = "'" + n + "x'";
      }
      case 6 -> {
        param = new BigDecimal("99999999999999999999");
        literal = "99999999999999999999";
      }
      default -> {
        param = n;
        literal = Long.toString(n);
      }
    }
    params.add(param);
    literals.add(literal);
    return "?";
  }

  private static String fill(String where, List<String> literals) {
    StringBuilder sb = new StringBuilder();
    int next = 0;
    for (char ch : where.toCharArray()) {
      sb.append(ch == '?' ? literals.get(next++) : String.valueOf(ch));
    }
    return sb.toString();
  }

  private static List<List<String>> rows(StatementResult r) {
    StatementResult.Rows rows = (StatementResult.Rows) r;
    List<List<String>> out = new ArrayList<>();
    while (rows.next()) {
      List<String> line = new ArrayList<>();
      for (int i = 0; i < rows.columns().size(); i++) {
        line.add(rows.row().isNull(i) ? null : new String(rows.row().text(i), StandardCharsets.UTF_8));
      }
      out.add(line);
    }
    rows.close();
    return out;
  }
}
