package io.cairn.slt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptRunnerTest {

  /** Answers queries from a table of canned results; statements fail when they say FAIL. */
  static final class CannedHarness implements Harness {
    final Map<String, List<String[]>> answers = new HashMap<>();
    final List<String> executed = new ArrayList<>();

    CannedHarness answer(String sql, String[]... rows) {
      answers.put(sql, Arrays.asList(rows));
      return this;
    }

    @Override
    public String engineName() {
      return "mysql";
    }

    @Override
    public void reset(String database) {}

    @Override
    public void runStatement(String sql) {
      executed.add(sql);
      if (sql.contains("FAIL")) {
        throw new IllegalStateException("failed as asked");
      }
    }

    @Override
    public List<String[]> runQuery(String sql) {
      executed.add(sql);
      List<String[]> rows = answers.get(sql);
      if (rows == null) {
        throw new IllegalStateException("no such query");
      }
      return rows;
    }

    @Override
    public void setStatementTimeoutSeconds(int seconds) {}

    @Override
    public void close() {}
  }

  private static FileResult run(CannedHarness h, String script) {
    return new ScriptRunner(h)
        .run(SltParser.parse(new StringReader(script), "t.test"), "t.test", System.nanoTime());
  }

  @Test
  void statementsPassOrFailAsTheyExpect() {
    FileResult r =
        run(
            new CannedHarness(),
            """
            statement ok
            CREATE TABLE t

            statement error
            FAIL here

            statement ok
            FAIL unexpectedly

            statement error
            SELECT fine
            """);
    assertThat(r.passed()).isEqualTo(2);
    assertThat(r.failed()).isEqualTo(2);
    assertThat(r.failures()).extracting(FileResult.Failure::line).containsExactly(7, 10);
  }

  @Test
  void rowsortSortsWholeRowsAndValuesortSortsValues() {
    CannedHarness h =
        new CannedHarness()
            .answer("q1", new String[] {"2", "a"}, new String[] {"10", "b"}, new String[] {"2", null})
            .answer("q2", new String[] {"3", "1"}, new String[] {"2", "4"});
    FileResult r =
        run(
            h,
            """
            query IT rowsort
            q1
            ----
            10
            b
            2
            NULL
            2
            a

            query II valuesort
            q2
            ----
            1
            2
            3
            4

            query II nosort
            q2
            ----
            3
            1
            2
            4
            """);
    assertThat(r.failures()).isEmpty();
    assertThat(r.passed()).isEqualTo(3);
  }

  @Test
  void comparesByHashAboveTheThreshold() {
    CannedHarness h =
        new CannedHarness()
            .answer("q", new String[] {"1"}, new String[] {"2"}, new String[] {"3"});
    FileResult r =
        run(
            h,
            """
            query I nosort
            q
            ----
            3 values hashing to c0710d6b4f15dfa88f600b0e6b624077

            query I nosort
            q
            ----
            3 values hashing to 00000000000000000000000000000000
            """);
    assertThat(r.passed()).isEqualTo(1);
    assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.actual()).contains("c0710d6b"));
  }

  @Test
  void queriesWithTheSameLabelMustAgree() {
    CannedHarness h =
        new CannedHarness().answer("a", new String[] {"1"}).answer("b", new String[] {"2"});
    FileResult r =
        run(
            h,
            """
            query I nosort label-1
            a

            query I nosort label-1
            b
            """);
    assertThat(r.passed()).isEqualTo(1);
    assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.actual()).contains("label-1"));
  }

  @Test
  void skipsRecordsForOtherEnginesAndStopsAtHalt() {
    CannedHarness h = new CannedHarness();
    FileResult r =
        run(
            h,
            """
            skipif mysql
            statement ok
            FAIL skipped

            onlyif sqlite
            statement ok
            FAIL skipped too

            onlyif sqlite
            halt

            onlyif mysql
            statement ok
            CREATE TABLE t

            onlyif mysql
            halt

            statement ok
            FAIL never runs
            """);
    assertThat(r.skipped()).isEqualTo(2);
    assertThat(r.passed()).isEqualTo(1);
    assertThat(r.failed()).isZero();
    assertThat(h.executed).containsExactly("CREATE TABLE t");
  }

  @Test
  void wrongColumnCountAndQueryErrorsFail() {
    CannedHarness h = new CannedHarness().answer("q", new String[] {"1", "2"});
    FileResult r =
        run(
            h,
            """
            query I nosort
            q
            ----
            1

            query I nosort
            missing
            ----
            1
            """);
    assertThat(r.failures())
        .extracting(FileResult.Failure::actual)
        .containsExactly("2 column(s) returned", "error: IllegalStateException: no such query");
  }

  @Test
  void hashIsMd5OverValuesEachFollowedByNewline() {
    assertThat(ScriptRunner.md5(List.of("1", "2", "3"))).isEqualTo("c0710d6b4f15dfa88f600b0e6b624077");
    assertThat(
            ScriptRunner.md5(
                ScriptRunner.renderSorted(
                    List.<String[]>of(new String[] {null, "", "-5.7", "2.5"}),
                    "TTIR",
                    SltRecord.SortMode.NOSORT)))
        .isEqualTo("848e9a78d00b32b4cac60b81c6834ea6");
  }
}
