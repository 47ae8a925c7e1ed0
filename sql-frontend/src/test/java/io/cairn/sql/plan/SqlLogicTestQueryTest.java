package io.cairn.sql.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.EvalException;
import io.cairn.sql.exec.InMemoryTableSource;
import io.cairn.sql.exec.TableColumn;
import io.cairn.sql.exec.TableSource;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs the {@code query} records of the sqllogictest corpus's random/expr files through the query
 * engine, over in-memory tables built from the files' CREATE TABLE / INSERT statements (all
 * INTEGER columns), and compares with the expected results as the sqllogictest runner formats
 * them (I: integer, R: %.3f, T: text; rowsort/valuesort; md5 of values above the hash
 * threshold). Records for other engines ({@code onlyif} not mysql, {@code skipif mysql}) are
 * skipped. The pass rate must stay at least {@link #MIN_PASS_RATE}; the first failures are written to
 * target/sqllogictest-query-report-FILE.txt. The default suite runs the first 400 queries of one
 * file (a few seconds); the slow-tagged test runs both files whole. Skipped when the corpus is not beside the project.
 */
class SqlLogicTestQueryTest {
  private static final double MIN_PASS_RATE = 0.99;
  private static final Pattern CREATE = Pattern.compile("CREATE TABLE (\\w+)\\s*\\(([^)]*)\\)", Pattern.CASE_INSENSITIVE);
  private static final Pattern INSERT = Pattern.compile("INSERT INTO (\\w+) VALUES\\s*\\((.*)\\)", Pattern.CASE_INSENSITIVE);

  private final QueryEngine engine = new QueryEngine();

  @Test
  void firstQueriesOfRandomExpr() throws IOException {
    run("slt_good_0.test", 400);
  }

  @Test
  @Tag("slow")
  void allQueriesOfRandomExpr() throws IOException {
    run("slt_good_0.test", Integer.MAX_VALUE);
    run("slt_good_2.test", Integer.MAX_VALUE);
  }

  private void run(String file, int limit) throws IOException {
    Path dir = Path.of(System.getProperty("cairn.sqllogictest.dir", "../../shared/sqllogictest"), "random", "expr");
    Path path = dir.resolve(file);
    Assumptions.assumeTrue(Files.isRegularFile(path), "corpus not found at " + path);
    List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    Map<String, List<String>> columns = new LinkedHashMap<>();
    Map<String, List<Object[]>> data = new HashMap<>();
    Map<String, TableSource> tables = Map.of();
    int hashThreshold = 0;
    int run = 0;
    int passed = 0;
    List<String> failures = new ArrayList<>();
    int i = 0;
    while (i < lines.size() && run < limit) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        i++;
        continue;
      }
      boolean skip = false;
      while (line.startsWith("skipif") || line.startsWith("onlyif")) {
        String engineName = line.split("\\s+")[1];
        skip |= line.startsWith("skipif") == engineName.equals("mysql");
        line = lines.get(++i);
      }
      if (line.startsWith("hash-threshold")) {
        hashThreshold = Integer.parseInt(line.split("\\s+")[1]);
        i++;
        continue;
      }
      String[] head = line.split("\\s+");
      StringBuilder sql = new StringBuilder();
      i++;
      while (i < lines.size() && !lines.get(i).isBlank() && !lines.get(i).equals("----")) {
        sql.append(sql.length() == 0 ? "" : "\n").append(lines.get(i++));
      }
      List<String> expected = new ArrayList<>();
      if (i < lines.size() && lines.get(i).equals("----")) {
        i++;
        while (i < lines.size() && !lines.get(i).isBlank()) {
          expected.add(lines.get(i++));
        }
      }
      if (skip) {
        continue;
      }
      if (head[0].equals("statement")) {
        Matcher c = CREATE.matcher(sql);
        Matcher ins = INSERT.matcher(sql);
        if (c.find()) {
          List<String> cols = new ArrayList<>();
          for (String def : c.group(2).split(",")) {
            cols.add(def.trim().split("\\s+")[0]);
          }
          columns.put(c.group(1), cols);
          data.put(c.group(1), new ArrayList<>());
        } else if (ins.find()) {
          List<Object> row = new ArrayList<>();
          for (String v : ins.group(2).split(",")) {
            row.add(v.trim().equalsIgnoreCase("NULL") ? null : Long.parseLong(v.trim()));
          }
          data.get(ins.group(1)).add(row.toArray());
        }
        tables = build(columns, data);
        continue;
      }
      run++;
      String types = head[1];
      String sort = head.length > 2 ? head[2] : "nosort";
      String actual;
      try {
        EvalContext ctx = EvalContext.forSelect(ZoneOffset.UTC, Clock.systemUTC());
        QueryResult r = engine.query(sql.toString(), ctx, tables);
        actual = String.join("\n", format(r, types, sort, hashThreshold));
      } catch (RuntimeException e) {
        actual = "ERROR " + (e instanceof EvalException ee ? ee.errno() : e.getClass().getSimpleName()) + " "
            + e.getMessage();
      }
      if (actual.equals(String.join("\n", expected))) {
        passed++;
      } else if (failures.size() < 200) {
        failures.add(sql + "\n  expected: " + expected + "\n  actual:   " + actual.replace("\n", " "));
      }
    }
    double rate = run == 0 ? 1 : passed / (double) run;
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "sqllogictest-query-report-" + file.replace(".test", "") + ".txt"),
        file + ": " + passed + " / " + run + " queries pass\n\n" + String.join("\n\n", failures) + "\n");
    assertThat(rate).as("%s: %d of %d queries pass; first failures:\n%s", file, passed, run,
        String.join("\n", failures.subList(0, Math.min(5, failures.size())))).isGreaterThanOrEqualTo(MIN_PASS_RATE);
  }

  private static Map<String, TableSource> build(Map<String, List<String>> columns, Map<String, List<Object[]>> data) {
    Map<String, TableSource> out = new HashMap<>();
    for (Map.Entry<String, List<String>> e : columns.entrySet()) {
      List<TableColumn> cols = e.getValue().stream().map(n -> new TableColumn(n, Tables.INT)).toList();
      out.put(e.getKey(), new InMemoryTableSource("test", e.getKey(), cols, data.get(e.getKey())));
    }
    return out;
  }

  /** The values as the sqllogictest runner prints them, sorted and hashed as the record asks. */
  private static List<String> format(QueryResult r, String types, String sort, int hashThreshold) {
    List<List<String>> rows = new ArrayList<>();
    for (int row = 0; row < r.rows().size(); row++) {
      List<String> values = new ArrayList<>();
      for (int c = 0; c < r.columns().size(); c++) {
        String t = r.text(row, c);
        char kind = c < types.length() ? types.charAt(c) : 'T';
        values.add(t == null ? "NULL" : switch (kind) {
          case 'I' -> integer(t);
          case 'R' -> decimal(t).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
          default -> t.isEmpty() ? "(empty)" : t;
        });
      }
      rows.add(values);
    }
    if (sort.equals("rowsort")) {
      rows.sort((a, b) -> String.join(" ", a).compareTo(String.join(" ", b)));
    }
    List<String> flat = new ArrayList<>();
    rows.forEach(flat::addAll);
    if (sort.equals("valuesort")) {
      flat.sort(null);
    }
    if (hashThreshold > 0 && flat.size() > hashThreshold) {
      try {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        for (String v : flat) {
          md5.update((v + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return List.of(flat.size() + " values hashing to " + HexFormat.of().formatHex(md5.digest()));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    return flat;
  }

  private static String integer(String text) {
    try {
      return decimal(text).setScale(0, RoundingMode.DOWN).toPlainString();
    } catch (NumberFormatException e) {
      return "0";
    }
  }

  private static BigDecimal decimal(String text) {
    return new BigDecimal(text.trim().toLowerCase(Locale.ROOT));
  }
}
