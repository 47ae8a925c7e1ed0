package io.cairn.slt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownFailuresTest {

  @TempDir Path dir;

  private static FileResult file(String name, int... failingLines) {
    List<FileResult.Failure> failures =
        java.util.Arrays.stream(failingLines)
            .mapToObj(l -> new FileResult.Failure(name, l, "sql", "e", "a"))
            .toList();
    return new FileResult(name, 10, failures.size(), 0, failures, 1, null);
  }

  @Test
  void newFailuresAndFixedRecordsAreBothReported() throws IOException {
    Path list = dir.resolve("known.txt");
    Files.writeString(
        list,
        """
        # reason after the id
        evidence/a.test:10  SQLite trigger syntax
        evidence/a.test:20  fixed by now
        other/b.test:5      file not run this time
        """);
    KnownFailures known = KnownFailures.load(list);
    Summary summary = new Summary(List.of(file("evidence/a.test", 10, 30)), 1);
    assertThat(known.unexpected(summary)).containsExactly("evidence/a.test:30");
    assertThat(known.nowPassing(summary)).containsExactly("evidence/a.test:20");
    assertThat(known.reasons()).containsEntry("evidence/a.test:10", "SQLite trigger syntax");
  }

  @Test
  void rejectsLinesWithoutAReason() throws IOException {
    Path list = dir.resolve("bad.txt");
    Files.writeString(list, "evidence/a.test:10\n");
    assertThatThrownBy(() -> KnownFailures.load(list)).hasMessageContaining("bad.txt:1");
  }

  @Test
  void summaryWritesJsonAndFailureLog() throws IOException {
    Summary summary = new Summary(List.of(file("x/a.test", 3), file("b.test")), 1500);
    summary.write(dir);
    assertThat(summary.closingLine()).isEqualTo("20 passed, 1 failed, 0 skipped");
    assertThat(Files.readString(dir.resolve("summary.json")))
        .contains("\"passed\": 20")
        .contains("\"file\": \"x/a.test\"");
    assertThat(Files.readString(dir.resolve("failures.log"))).contains("=== x/a.test:3");
    assertThat(summary.byDirectory()).containsKeys("x", ".");
  }
}
