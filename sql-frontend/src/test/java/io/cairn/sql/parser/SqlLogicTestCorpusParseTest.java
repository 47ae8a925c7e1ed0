package io.cairn.sql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.sql.MySqlParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Parses every {@code statement ok} and {@code query} SQL of the sqllogictest corpus files that
 * MySQL runs (records guarded by {@code skipif mysql} or {@code onlyif <other engine>} are left
 * out) and checks each file's parse count against the floor recorded here, so that a grammar
 * change that loses statements fails. The corpus lives beside the project
 * ({@code ../shared/sqllogictest}, overridable with {@code -Dcairn.sqllogictest.dir}); without it
 * the test is skipped. Per-file rates and every failure go to
 * {@code target/sqllogictest-parse-report.txt}.
 */
class SqlLogicTestCorpusParseTest {
  /** Statements that parse today, per file; raise these when the grammar grows. */
  private static final Map<String, Integer> FLOORS = Map.ofEntries(
      Map.entry("select1.test", 1031),
      Map.entry("evidence/in1.test", 128),
      Map.entry("evidence/in2.test", 41),
      Map.entry("evidence/slt_lang_aggfunc.test", 5),
      // CREATE/DROP TRIGGER (SQLite syntax) is answered with 1235.
      Map.entry("evidence/slt_lang_createtrigger.test", 5),
      Map.entry("evidence/slt_lang_createview.test", 9),
      // SQLite's "DROP INDEX i" without ON t is a syntax error in MySQL too.
      Map.entry("evidence/slt_lang_dropindex.test", 5),
      Map.entry("evidence/slt_lang_droptable.test", 9),
      Map.entry("evidence/slt_lang_droptrigger.test", 6),
      Map.entry("evidence/slt_lang_dropview.test", 11),
      Map.entry("evidence/slt_lang_reindex.test", 5),
      Map.entry("evidence/slt_lang_replace.test", 10),
      Map.entry("evidence/slt_lang_update.test", 25));

  private final MySqlParser parser = new MySqlParser();

  record Record(int line, String sql) {}

  record FileResult(String name, int total, int parsed, int unsupported, List<String> failures) {}

  static Path corpusDir() {
    String override = System.getProperty("cairn.sqllogictest.dir");
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    // Surefire runs in the module directory; the project root is its parent.
    return Path.of("").toAbsolutePath().getParent().resolve("../shared/sqllogictest").normalize();
  }

  /** The SQL of the records MySQL runs, in file order. */
  static List<Record> mysqlRecords(List<String> lines) {
    List<Record> records = new ArrayList<>();
    boolean skip = false;
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        skip = false;
        i++;
        continue;
      }
      if (line.startsWith("skipif ")) {
        skip |= engine(line).equals("mysql");
      } else if (line.startsWith("onlyif ")) {
        skip |= !engine(line).equals("mysql");
      } else if (line.equals("halt")) {
        if (!skip) {
          break;
        }
      } else if (line.startsWith("statement ok") || line.startsWith("query ")) {
        int start = i + 1;
        StringBuilder sql = new StringBuilder();
        i++;
        while (i < lines.size() && !lines.get(i).isBlank() && !lines.get(i).equals("----")) {
          sql.append(sql.length() == 0 ? "" : "\n").append(lines.get(i));
          i++;
        }
        if (!skip) {
          records.add(new Record(start + 1, sql.toString()));
        }
        // Skip the expected results up to the blank line that ends the record.
        while (i < lines.size() && !lines.get(i).isBlank()) {
          i++;
        }
        continue;
      } else if (line.startsWith("statement ")) {
        i++;
        while (i < lines.size() && !lines.get(i).isBlank()) {
          i++;
        }
        continue;
      }
      i++;
    }
    return records;
  }

  private static String line(String name, int parsed, int total, int unsupported) {
    return String.format("%-40s %6d / %5d  %6.2f%%  %d%n", name, parsed, total,
        total == 0 ? 100.0 : 100.0 * parsed / total, unsupported);
  }

  /** The engine of a guard line; a comment may follow it ({@code skipif mysql # empty RHS}). */
  private static String engine(String guard) {
    return guard.substring(7).strip().split("\\s+")[0];
  }

  @Test
  void recordSelectionHonoursEngineGuards() {
    List<String> lines = List.of(
        "statement ok", "CREATE TABLE t(a INT)", "",
        "skipif mysql", "statement ok", "SELECT 1", "",
        "skipif mysql # empty RHS", "query I", "SELECT 1.5", "----", "",
        "onlyif sqlite", "query I", "SELECT 2", "----", "2", "",
        "onlyif mysql", "query I nosort", "SELECT 3", "  FROM t", "----", "3", "",
        "statement error", "SELECT 4", "",
        "skipif postgresql", "query I", "SELECT 5", "----", "5");
    assertThat(mysqlRecords(lines)).extracting(Record::sql)
        .containsExactly("CREATE TABLE t(a INT)", "SELECT 3\n  FROM t", "SELECT 5");
  }

  @Test
  void corpusStatementsParse() throws IOException {
    Path dir = corpusDir();
    assumeTrue(Files.isRegularFile(dir.resolve("select1.test")), "sqllogictest corpus not found at " + dir);
    List<Path> files = new ArrayList<>();
    files.add(dir.resolve("select1.test"));
    try (Stream<Path> evidence = Files.list(dir.resolve("evidence"))) {
      evidence.filter(p -> p.toString().endsWith(".test")).sorted().forEach(files::add);
    }
    Map<String, FileResult> results = new TreeMap<>();
    for (Path file : files) {
      String name = dir.relativize(file).toString();
      List<Record> records = mysqlRecords(Files.readAllLines(file, StandardCharsets.UTF_8));
      List<String> failures = new ArrayList<>();
      int unsupported = 0;
      for (Record record : records) {
        try {
          parser.parse(record.sql());
        } catch (MySqlParseException e) {
          if (e.errorCode() == MySqlParseException.ER_NOT_SUPPORTED_YET) {
            unsupported++;
          }
          failures.add(name + ":" + record.line() + ": " + e.errorCode() + " " + e.getMessage()
              + "\n    " + record.sql().replace("\n", "\n    "));
        }
      }
      results.put(name, new FileResult(name, records.size(), records.size() - failures.size(), unsupported, failures));
    }
    StringBuilder report = new StringBuilder(
        String.format("%-40s %6s / %5s  %7s  %s%n", "file", "parsed", "total", "rate", "1235 (unsupported)"));
    int total = 0;
    int parsed = 0;
    int unsupported = 0;
    for (FileResult r : results.values()) {
      total += r.total();
      parsed += r.parsed();
      unsupported += r.unsupported();
      report.append(line(r.name(), r.parsed(), r.total(), r.unsupported()));
    }
    report.append(line("TOTAL", parsed, total, unsupported));
    for (FileResult r : results.values()) {
      r.failures().forEach(f -> report.append(f).append('\n'));
    }
    Path out = Path.of("target", "sqllogictest-parse-report.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.out.print(report);

    for (FileResult r : results.values()) {
      // A file added to the corpus later has no floor yet; it is still reported.
      int floor = FLOORS.getOrDefault(r.name(), 0);
      assertThat(r.parsed()).as("statements of %s that parse (report: %s)", r.name(), out.toAbsolutePath())
          .isGreaterThanOrEqualTo(floor);
    }
  }
}
