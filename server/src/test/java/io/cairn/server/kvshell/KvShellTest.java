package io.cairn.server.kvshell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KvShellTest {

  @TempDir Path dir;

  private record Run(int exitCode, List<String> lines) {}

  private Run run(String script) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code =
        new CommandLine(new KvShell(out)).execute("--data-dir", dir.toString(), "-e", script);
    return new Run(code, bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void autocommitWritesAndExplicitTransactions() {
    Run r =
        run(
            "put a hello world; get a; begin; put b 2; delete a; get a; scan; rollback; "
                + "scan; begin; put c 3; commit; scan limit 2; get zz");
    assertThat(r.exitCode()).isZero();
    assertThat(r.lines())
        .containsSubsequence(
            "hello world", // get a
            "(not found)", // a deleted inside the transaction
            "b = 2",
            "(1 pairs)",
            "ROLLBACK",
            "a = hello world",
            "(1 pairs)")
        .contains("(not found)");
    int scanAt = r.lines().lastIndexOf("(2 pairs)");
    assertThat(r.lines().subList(scanAt - 2, scanAt)).containsExactly("a = hello world", "c = 3");
  }

  @Test
  void dataAndTimestampOrderSurviveARestart() {
    Run first = run("put k v1; put k v2");
    Run second = run("get k; put k v3; get k");
    assertThat(second.lines()).containsSubsequence("v2", "v3");
    assertThat(commitTs(second.lines())).isGreaterThan(commitTs(first.lines()));
  }

  @Test
  void rawKeySpaceIsSeparateFromTransactionalKeys() {
    Run r = run("raw put x 1; put x 2; raw get x; get x; raw scan");
    assertThat(r.lines()).containsSubsequence("1", "2", "x = 1", "(1 pairs)");
  }

  @Test
  void errorsAreReportedAndTheExitCodeSaysSo() {
    Run r = run("bogus; commit; get; put onlykey");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.lines())
        .containsExactly(
            "ERROR: unknown command 'bogus' ('help' lists them)",
            "ERROR: no transaction is open (BEGIN starts one)",
            "ERROR: usage: get KEY",
            "ERROR: usage: put KEY VALUE");
  }

  private static long commitTs(List<String> lines) {
    long last = 0;
    Pattern p = Pattern.compile("commit_ts=(\\d+)");
    for (String line : lines) {
      Matcher m = p.matcher(line);
      if (m.find()) {
        last = Long.parseLong(m.group(1));
      }
    }
    return last;
  }
}
