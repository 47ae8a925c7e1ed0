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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The secondary-index access paths (index range scans, index lookups, covering reads, OR of
 * ranges, IS NULL) against the full scan, on seeded random tables with several indexes, NULLs,
 * duplicates, negative numbers and strings under different collations, with random DML between
 * the queries:
 *
 * <ul>
 *   <li>each query over {@code t} is compared with the same query over {@code (SELECT * FROM t)
 *       AS t}, which no key path applies to, as text and as a prepared statement with the
 *       values bound as parameters, sometimes inside a transaction with uncommitted writes;
 *   <li>every DML statement runs on {@code t} and, when it succeeds there, on {@code m}, a copy
 *       without secondary indexes: the affected counts and then the contents must agree, and
 *       {@code ADMIN CHECK TABLE t} must pass at the end.
 * </ul>
 *
 * Failures name the seed and the statement.
 */
class IndexPathDifferentialTest {
  /**
   * Columns (id,) a, b, c, d, then the indexes of t; the kinds say which values {@link Gen}
   * writes and compares each column with (id's kind first, null without an id column).
   */
  private record Layout(String columns, String indexes, Kind id, Kind a, Kind b, Kind c, Kind d) {}

  private static final Layout[] LAYOUTS = {
      new Layout("id INT PRIMARY KEY, a INT, b BIGINT, c VARCHAR(20) COLLATE utf8mb4_general_ci, d DECIMAL(8,2)",
          ", KEY ka (a), KEY kab (a, b), UNIQUE KEY ubc (b, c), KEY kc (c), KEY kca (c, a), KEY kad (a, d)",
          Kind.INT, Kind.INT, Kind.UINT, Kind.STR, Kind.DEC),
      new Layout("a TINYINT, b INT UNSIGNED, c VARCHAR(20) COLLATE utf8mb4_bin, d DECIMAL(8,2)",
          ", KEY ka (a), KEY kba (b, a), UNIQUE KEY uca (c(3), a), KEY kd (d)",
          null, Kind.INT, Kind.UINT, Kind.STR, Kind.DEC),
      new Layout("id BIGINT UNSIGNED PRIMARY KEY, a SMALLINT, b INT, c CHAR(5) COLLATE utf8mb4_0900_ai_ci, d DECIMAL(8,2)",
          ", KEY kab (a, b), KEY kb (b), UNIQUE KEY ua (a), KEY kbc (b, c)",
          Kind.UINT, Kind.INT, Kind.UINT, Kind.STR, Kind.DEC),
      new Layout("id INT PRIMARY KEY, a DOUBLE, b DATETIME(2), c VARCHAR(20) COLLATE utf8mb4_bin, d DATE",
          ", KEY ka (a), KEY kb (b), KEY kcb (c, b), KEY kda (d, a), KEY kc (c)",
          Kind.INT, Kind.DBL, Kind.DATETIME, Kind.STR, Kind.DATE),
      new Layout("id VARCHAR(8) PRIMARY KEY, a INT UNSIGNED, b DECIMAL(6,1), c CHAR(6) COLLATE utf8mb4_general_ci,"
          + " d TIME(1)", ", KEY kab (a, b), KEY kb (b), KEY kc (c), KEY kcd (c, d), KEY kd (d)",
          Kind.STR, Kind.UINT, Kind.DEC, Kind.STR, Kind.TIME),
      new Layout("a YEAR, b FLOAT, c VARCHAR(20) COLLATE utf8mb4_bin, d DECIMAL(8,2)",
          ", KEY ka (a), KEY kb (b), KEY kca (c, a), UNIQUE KEY udc (d, c), KEY kad (a, d)",
          null, Kind.YEAR, Kind.DBL, Kind.STR, Kind.DEC),
  };

  /** What a column holds. */
  private enum Kind { INT, UINT, STR, DEC, DBL, DATETIME, DATE, TIME, YEAR }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void indexPathsReadWhatAFullScanReads(long seed) {
    compare(seed, 40);
  }

  @Tag("slow")
  @ParameterizedTest
  @ValueSource(longs = {7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18})
  void indexPathsReadWhatAFullScanReadsOnMoreSeeds(long seed) {
    compare(seed, 250);
  }

  private static void compare(long seed, int rounds) {
    Random rnd = new Random(seed);
    Layout layout = LAYOUTS[(int) (seed % LAYOUTS.length)];
    boolean hasId = layout.id() != null;
    try (MemoryStorage storage = new MemoryStorage("diff");
        SqlEngine engine = SqlEngine.open(storage);
        Session s = engine.open(1, "root", "h", null, Map.of())) {
      s.execute("CREATE DATABASE d");
      s.execute("USE d");
      s.execute("CREATE TABLE t (" + layout.columns() + layout.indexes() + ")");
      s.execute("CREATE TABLE m (" + layout.columns() + ")");
      Gen gen = new Gen(rnd, layout);
      for (int i = 0; i < 60; i++) {
        dml(s, gen.insert(), "seed " + seed + " load " + i);
      }
      int prepared = 0;
      int indexed = 0;
      boolean inTxn = false;
      for (int round = 0; round < rounds; round++) {
        String context = "seed " + seed + " round " + round;
        if (!inTxn && rnd.nextInt(6) == 0) {
          s.execute("BEGIN");
          inTxn = true;
        }
        for (int n = rnd.nextInt(3); n > 0; n--) {
          String stmt = switch (rnd.nextInt(4)) {
            case 0, 1 -> gen.insert();
            case 2 -> "UPDATE %s SET " + gen.assignment() + " WHERE " + gen.where(null, null);
            default -> "DELETE FROM %s WHERE " + gen.where(null, null);
          };
          dml(s, stmt, context);
        }
        List<Object> params = new ArrayList<>();
        List<String> literals = new ArrayList<>();
        String where = gen.where(params, literals);
        String select = gen.select();
        boolean grouped = select.contains("COUNT") || select.contains("DISTINCT");
        String order = !grouped && rnd.nextInt(4) == 0 ? " ORDER BY " + (hasId ? "id" : "a, b, c, d") + " DESC" : "";
        String textWhere = fill(where, literals);
        String fast = select + " FROM t WHERE " + textWhere + order;
        String scan = select + " FROM (SELECT * FROM t) AS t WHERE " + textWhere + order;
        String what = context + ": " + fast + " params " + params;
        List<List<String>> expected = rows(s.execute(scan));
        if (rows(s.execute("EXPLAIN " + fast)).toString().contains("IndexRangeScan")) {
          indexed++;
        }
        assertThat(rows(s.execute(fast))).as(what).isEqualTo(expected);
        PreparedStatement ps = s.prepare(select + " FROM t WHERE " + where + order);
        prepared++;
        assertThat(rows(s.executePrepared(ps.id(), params, List.of()))).as("prepared, " + what)
            .isEqualTo(expected);
        s.closePrepared(ps.id());
        if (inTxn && rnd.nextInt(4) == 0) {
          s.execute(rnd.nextBoolean() ? "COMMIT" : "ROLLBACK");
          inTxn = false;
          assertSameContents(s, context);
        }
      }
      if (inTxn) {
        s.execute("COMMIT");
      }
      assertSameContents(s, "seed " + seed + " end");
      s.execute("ADMIN CHECK TABLE t");
      assertThat(prepared).as("seed %d: prepared comparisons", seed).isGreaterThan(rounds / 6);
      assertThat(indexed).as("seed %d: queries on an index range", seed).isGreaterThan(rounds / 4);
    }
  }

  /** Runs {@code stmt} (with {@code %s} for the table) on t, and on m when it succeeded on t. */
  private static void dml(Session s, String stmt, String context) {
    StatementResult onT;
    try {
      onT = s.execute(stmt.formatted("t"));
    } catch (SqlException e) {
      // A duplicate key of t's unique indexes, or a value out of range: rejected on t, so m skips it.
      assertThat(e.errno()).as(context + ": " + stmt + " failed with " + e.getMessage()).isIn(1062, 1264, 1690);
      return;
    }
    StatementResult onM = s.execute(stmt.formatted("m"));
    assertThat(((StatementResult.Update) onM).affectedRows()).as(context + ": rows changed by " + stmt)
        .isEqualTo(((StatementResult.Update) onT).affectedRows());
  }

  private static void assertSameContents(Session s, String context) {
    List<List<String>> t = rows(s.execute("SELECT * FROM t"));
    List<List<String>> m = rows(s.execute("SELECT * FROM m"));
    Comparator<List<String>> byText = Comparator.comparing(Object::toString);
    t.sort(byText);
    m.sort(byText);
    assertThat(t).as(context + ": contents of t and m").isEqualTo(m);
  }

  /** Random statements over columns (id,) a, b, c, d. */
  private static final class Gen {
    private static final String[] STRINGS = {"a", "A", "ab", "AB", "b", "b ", "abc", "ABD", "", "é", "E", "10", "-3",
        "ab ", "Ab", "z", "ß", "s"};
    private final Random rnd;
    private final Layout layout;
    private final boolean hasId;

    Gen(Random rnd, Layout layout) {
      this.rnd = rnd;
      this.layout = layout;
      this.hasId = layout.id() != null;
    }

    private Kind kind(String col) {
      return switch (col) {
        case "id" -> layout.id();
        case "a" -> layout.a();
        case "b" -> layout.b();
        case "c" -> layout.c();
        default -> layout.d();
      };
    }

    String insert() {
      String cols = (hasId ? stored(layout.id(), false) + ", " : "")
          + nullable(stored(layout.a(), false)) + ", "
          + nullable(stored(layout.b(), false)) + ", "
          + nullable(stored(layout.c(), false)) + ", "
          + nullable(stored(layout.d(), false));
      return "INSERT INTO %s VALUES (" + cols + ")";
    }

    /** A value of the kind as SQL text (a quoted string where it is one). */
    private String stored(Kind kind, boolean query) {
      return switch (kind) {
        case INT -> Integer.toString(rnd.nextInt(query ? 36 : 24) - (query ? 12 : 8));
        case UINT -> Integer.toString(rnd.nextInt(query ? 24 : 20));
        case STR -> hasId && kind == layout.id() && !query && rnd.nextBoolean()
            ? "'k" + rnd.nextInt(80) + "'" : "'" + STRINGS[rnd.nextInt(STRINGS.length)] + "'";
        case DEC -> BigDecimal.valueOf(rnd.nextInt(400) - 200, 1).toPlainString();
        case DBL -> switch (rnd.nextInt(5)) {
          case 0 -> "0.1";
          case 1 -> "-0.0";
          default -> BigDecimal.valueOf(rnd.nextInt(40) - 20, 1).multiply(BigDecimal.valueOf(25, 1)).toPlainString();
        };
        case DATETIME -> "'2024-01-0" + (1 + rnd.nextInt(4)) + " " + pick("00", "10", "23") + ":" + pick("00", "30")
            + ":00" + pick("", ".5", ".25", ".50") + "'";
        case DATE -> rnd.nextInt(8) == 0 ? "'2023-12-31'" : "'2024-01-0" + (1 + rnd.nextInt(6)) + "'";
        case TIME -> "'" + pick("00", "09", "10", "23") + ":" + pick("00", "30") + ":00" + pick("", ".5") + "'";
        case YEAR -> Integer.toString(1999 + rnd.nextInt(6));
      };
    }

    private String pick(String... options) {
      return options[rnd.nextInt(options.length)];
    }

    String assignment() {
      String col = switch (rnd.nextInt(4)) {
        case 0 -> "a";
        case 1 -> "b";
        case 2 -> "c";
        default -> "d";
      };
      Kind k = kind(col);
      if (rnd.nextBoolean() && (k == Kind.INT || k == Kind.UINT)) {
        return col + " = " + col + " + 1";
      }
      if (rnd.nextBoolean() && (k == Kind.DEC || k == Kind.DBL)) {
        return col + " = " + col + " - 1.5";
      }
      return col + " = " + nullable(stored(k, false));
    }

    private String nullable(String v) {
      return rnd.nextInt(6) == 0 ? "NULL" : v;
    }

    String select() {
      return switch (rnd.nextInt(9)) {
        case 0 -> "SELECT *";
        case 8 -> "SELECT a, d";
        case 1 -> "SELECT a";
        case 2 -> "SELECT a, b";
        case 3 -> "SELECT c, a";
        case 4 -> "SELECT COUNT(*), SUM(a)";
        case 5 -> "SELECT COUNT(a), MAX(b), MIN(c)";
        case 6 -> "SELECT b, d";
        default -> hasId ? "SELECT id, a" : "SELECT DISTINCT b";
      };
    }

    /**
     * A WHERE: a conjunction of one to three atoms. With {@code params} non-null, values are
     * {@code ?} and go to {@code params} (bound) and {@code literals} (text).
     */
    String where(List<Object> params, List<String> literals) {
      int n = 1 + rnd.nextInt(3);
      List<String> atoms = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        atoms.add(atom(params, literals));
      }
      return String.join(" AND ", atoms);
    }

    private String atom(List<Object> params, List<String> literals) {
      String col = switch (rnd.nextInt(10)) {
        case 0, 1, 2, 3 -> "a";
        case 4, 5, 6 -> "b";
        case 7 -> "c";
        case 8 -> "d";
        default -> hasId ? "id" : "a";
      };
      return switch (rnd.nextInt(12)) {
        case 0, 1 -> col + " = " + value(col, params, literals);
        case 2, 3 -> {
          StringBuilder sb = new StringBuilder(col + " IN (");
          int k = 1 + rnd.nextInt(5);
          for (int i = 0; i < k; i++) {
            sb.append(i > 0 ? ", " : "").append(value(col, params, literals));
          }
          yield sb.append(')').toString();
        }
        case 4, 5 -> col + " BETWEEN " + value(col, params, literals) + " AND " + value(col, params, literals);
        case 6 -> col + (rnd.nextBoolean() ? " > " : " >= ") + value(col, params, literals);
        case 7 -> col + (rnd.nextBoolean() ? " < " : " <= ") + value(col, params, literals);
        case 8 -> col + (rnd.nextInt(3) == 0 ? " IS NOT NULL" : " IS NULL");
        case 9, 10 -> {
          int k = 2 + rnd.nextInt(2);
          List<String> alternatives = new ArrayList<>();
          for (int i = 0; i < k; i++) {
            alternatives.add(switch (rnd.nextInt(4)) {
              case 0 -> col + " = " + value(col, params, literals);
              case 1 -> col + " BETWEEN " + value(col, params, literals) + " AND " + value(col, params, literals);
              case 2 -> col + " IS NULL";
              default -> col + " > " + value(col, params, literals) + " AND " + col + " <= "
                  + value(col, params, literals);
            });
          }
          yield "(" + String.join(" OR ", alternatives) + ")";
        }
        default -> "(" + col + " = " + value(col, params, literals) + " OR b < " + value("b", params, literals) + ")";
      };
    }

    private String value(String col, List<Object> params, List<String> literals) {
      Object param;
      String literal;
      Kind kind = kind(col);
      boolean typed = kind != Kind.INT && kind != Kind.UINT && kind != Kind.DEC && rnd.nextInt(3) > 0;
      if (kind == Kind.STR && rnd.nextInt(3) > 0) {
        String v = STRINGS[rnd.nextInt(STRINGS.length)];
        param = v;
        literal = "'" + v + "'";
      } else if (typed && rnd.nextInt(4) > 0) {
        literal = stored(kind, true);
        param = literal.startsWith("'") ? literal.substring(1, literal.length() - 1)
            : literal.contains(".") ? new BigDecimal(literal) : (Object) Long.parseLong(literal);
      } else if (typed) {
        // Values whose comparison with the column is not the obvious one.
        String v = switch (kind) {
          case DATETIME, DATE -> pick("'2024-1-2'", "'2024-01-02 10:00'", "20240102", "'2024-01-02 00:00:00.000'",
              "'2024-01-03 10'", "'2024-02-30'");
          case TIME -> pick("'9:00:00'", "'10:00'", "100000", "'-01:00:00'", "'100:00:00'");
          case YEAR -> pick("24", "'2001'", "2001.5", "'99'", "0");
          case DBL -> pick("'2.5'", "' 2.5'", "'2.5x'", "1e1", "0.25e1", "-0.0");
          default -> pick("10", "'10'", "1.5", "'a' COLLATE utf8mb4_general_ci", "'A' COLLATE utf8mb4_bin");
        };
        literal = v;
        param = v.matches("'[^']*'") ? v.substring(1, v.length() - 1)
            : v.matches("-?\\d+") ? (Object) Long.parseLong(v)
            : v.matches("[-0-9.]+") ? new BigDecimal(v)
            : v.matches("[-0-9.e]+") ? (Object) Double.parseDouble(v) : null;
        if (param == null) {
          // Not a plain value (COLLATE, an introducer): no parameter stands for it.
          return literal;
        }
      } else {
        long n = rnd.nextInt(36) - 12;
        switch (rnd.nextInt(12)) {
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
            param = new BigDecimal("-99999999999999999999");
            literal = "-99999999999999999999";
          }
          case 7 -> {
            param = 4294967296L;
            literal = "4294967296";
          }
          default -> {
            param = n;
            literal = Long.toString(n);
          }
        }
      }
      if (params == null) {
        return literal;
      }
      params.add(param);
      literals.add(literal);
      return "?";
    }
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
