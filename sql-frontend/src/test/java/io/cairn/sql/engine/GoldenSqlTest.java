package io.cairn.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kv.Storage;
import io.cairn.kv.testing.MemoryStorage;
import io.cairn.sql.session.Session;
import io.cairn.sql.testing.DagStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden SQL tests: each {@code src/test/resources/sql/NAME.test} is run statement by statement
 * through the Session API over a fresh {@link MemoryStorage}, and the printed outcome ({@link
 * ResultFormatter}) must equal {@code NAME.result}. Run with {@code -Dcairn.golden.overwrite=true}
 * to (re)write the result files instead, then review the diff.
 *
 * <p>Format of a test file: statements end with {@code ;} at the end of a line and may span
 * lines; lines starting with {@code #} are comments; {@code --connection NAME [USER]} switches
 * to (and opens, on first use) another session of the same engine, as {@code USER} (default
 * {@code root}) connecting from {@code localhost}. The clock is fixed at
 * 2024-05-06 07:08:09 UTC; storage timestamps in messages ({@code TS=...}) are masked. A file
 * whose first line is {@value #COPROCESSOR_HEADER} runs over a {@link DagStorage} (regions cut at
 * handles 0, 3 and 10 of every table, pages of 2 rows), so its plans push reads down.
 */
class GoldenSqlTest {
  static final Path DIR = Path.of("src/test/resources/sql");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-06T07:08:09Z"), ZoneOffset.UTC);

  @TestFactory
  Stream<DynamicTest> goldenFiles() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(DIR)) {
      files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
  }

  private static void check(Path testFile) throws IOException {
    String actual = run(Files.readString(testFile, StandardCharsets.UTF_8));
    Path resultFile = Path.of(testFile.toString().replaceAll("\\.test$", ".result"));
    if (Boolean.getBoolean("cairn.golden.overwrite")) {
      Files.writeString(resultFile, actual, StandardCharsets.UTF_8);
      return;
    }
    assertThat(resultFile).as("golden file %s (run with -Dcairn.golden.overwrite=true to create it)", resultFile)
        .exists();
    String expected = Files.readString(resultFile, StandardCharsets.UTF_8);
    assertThat(actual).as("output of %s", testFile).isEqualTo(expected);
  }

  /** The first line of a test file that runs over a storage whose client runs coprocessor DAGs. */
  static final String COPROCESSOR_HEADER = "# storage: coprocessor";

  static String run(String script) {
    StringBuilder out = new StringBuilder();
    Storage storage = script.startsWith(COPROCESSOR_HEADER)
        ? DagStorage.withTableRegions(new MemoryStorage("golden"), new long[] {0, 3, 10}, 2)
        : new MemoryStorage("golden");
    try (storage;
        SqlEngine engine = SqlEngine.open(storage, new EngineConfig(100, 16, 64, CLOCK, 16))) {
      Map<String, Session> sessions = new HashMap<>();
      long[] nextId = {1};
      Session current = sessions.computeIfAbsent("default", n -> engine.open(nextId[0]++, "root", "localhost", null, Map.of()));
      for (String stmt : statements(script)) {
        if (stmt.startsWith("--connection ")) {
          String[] words = stmt.substring("--connection ".length()).trim().split("\\s+");
          String user = words.length > 1 ? words[1] : "root";
          current = sessions.computeIfAbsent(words[0], n -> engine.open(nextId[0]++, user, "localhost", null, Map.of()));
          out.append(stmt).append("\n\n");
          continue;
        }
        out.append(stmt).append('\n');
        // Timestamps from the storage's oracle differ per run.
        out.append(ResultFormatter.run(current, stmt).replaceAll("TS=\\d+", "TS=<ts>")).append('\n');
      }
      for (Entry<String, Session> e : sessions.entrySet()) {
        e.getValue().close();
      }
    }
    return out.toString();
  }

  /** The statements (each with its final semicolon) and directives of a script, in order. */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      String trimmed = line.strip();
      if (cur.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (cur.isEmpty() && trimmed.startsWith("--connection ")) {
        out.add(trimmed);
        continue;
      }
      if (!cur.isEmpty()) {
        cur.append('\n');
      }
      cur.append(line);
      if (trimmed.endsWith(";")) {
        out.add(cur.toString().strip());
        cur.setLength(0);
      }
    }
    if (!cur.isEmpty()) {
      throw new UncheckedIOException(new IOException("statement without a final ';': " + cur));
    }
    return out;
  }
}
