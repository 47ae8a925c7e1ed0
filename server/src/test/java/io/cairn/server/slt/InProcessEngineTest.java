package io.cairn.server.slt;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.slt.ConformanceRun;
import io.cairn.slt.FileResult;
import io.cairn.slt.Harness;
import io.cairn.slt.InProcessEngine;
import io.cairn.slt.Summary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sqllogictest runner's fast path: scripts on Cairn's Session API over unistore. */
class InProcessEngineTest {

  @TempDir Path dir;

  @Test
  void runsAScriptThroughTheSessionApi() throws Exception {
    Files.writeString(dir.resolve("t.test"), """
        statement ok
        CREATE TABLE t1(a INTEGER, b VARCHAR(10), c REAL)

        statement ok
        INSERT INTO t1 VALUES (1, 'x', 1.5), (2, '', NULL), (3, 'z', 2.25)

        query ITR rowsort
        SELECT a, b, c FROM t1
        ----
        1
        x
        1.500
        2
        (empty)
        NULL
        3
        z
        2.250

        query I nosort
        SELECT count(*) FROM t1 WHERE a > 1
        ----
        2

        statement error
        SELECT * FROM missing

        query I nosort
        SELECT 1 + 1
        ----
        3
        """);
    try (InProcessEngine engine = InProcessEngine.open("unistore://slt-in-process", getClass().getClassLoader())) {
      ConformanceRun run = new ConformanceRun(engine::newHarness, 2, 30, new PrintStream(new ByteArrayOutputStream()));
      Summary summary = new Summary(run.run(ConformanceRun.findScripts(dir, List.of(dir))), 0);
      assertThat(summary.aborted()).isEmpty();
      assertThat(summary.passed()).isEqualTo(5);
      // The deliberately wrong expectation is caught: the harness can fail.
      assertThat(summary.files().get(0).failures()).extracting(FileResult.Failure::line).containsExactly(28);
    }
  }

  @Test
  void eachHarnessIsItsOwnSessionAndResetGivesAnEmptyCurrentDatabase() throws Exception {
    try (InProcessEngine engine = InProcessEngine.open("unistore://slt-sessions", getClass().getClassLoader());
        Harness a = engine.newHarness();
        Harness b = engine.newHarness()) {
      a.reset("da");
      a.runStatement("CREATE TABLE t (x INT)");
      a.runStatement("INSERT INTO t VALUES (7)");
      b.reset("db");
      assertThat(b.runQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'db'"))
          .containsExactly(new String[] {"0"});
      assertThat(a.runQuery("SELECT x FROM t")).containsExactly(new String[] {"7"});
      a.reset("da");
      assertThat(a.runQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'da'"))
          .containsExactly(new String[] {"0"});
    }
  }
}
