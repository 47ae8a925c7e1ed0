package io.cairn.slt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.slt.SltRecord.Expected;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SltParserTest {

  private static List<SltRecord> parse(String text) {
    return SltParser.parse(new StringReader(text), "test");
  }

  @Test
  void parsesEveryRecordKind() {
    List<SltRecord> records =
        parse(
            """
            hash-threshold 4

            statement ok
            CREATE TABLE t1(a INTEGER,
              b INTEGER)

            # a comment
            skipif postgresql
            onlyif mysql
            statement error
            SELECT nope

            query II rowsort label-7
            SELECT a, b
              FROM t1
            ----
            1
            2

            query I nosort
            SELECT a FROM t1
            ----
            30 values hashing to 3c13dee48d9356ae19af2515e05e6b54

            query T valuesort
            SELECT 1

            halt
            """);
    assertThat(records).hasSize(7);
    assertThat(records.get(0)).isEqualTo(new SltRecord.HashThreshold(1, List.of(), 4));
    assertThat(records.get(1))
        .isEqualTo(
            new SltRecord.Statement(3, List.of(), true, "CREATE TABLE t1(a INTEGER,\n  b INTEGER)"));
    SltRecord.Statement error = (SltRecord.Statement) records.get(2);
    assertThat(error.expectOk()).isFalse();
    assertThat(error.line()).isEqualTo(10);
    assertThat(error.conditions())
        .containsExactly(
            new SltRecord.Condition(false, "postgresql"), new SltRecord.Condition(true, "mysql"));
    assertThat(error.appliesTo("mysql")).isTrue();
    assertThat(error.appliesTo("sqlite")).isFalse();
    SltRecord.Query q = (SltRecord.Query) records.get(3);
    assertThat(q.types()).isEqualTo("II");
    assertThat(q.sortMode()).isEqualTo(SltRecord.SortMode.ROWSORT);
    assertThat(q.label()).isEqualTo("label-7");
    assertThat(q.sql()).isEqualTo("SELECT a, b\n  FROM t1");
    assertThat(q.expected()).isEqualTo(new Expected.Values(List.of("1", "2")));
    assertThat(((SltRecord.Query) records.get(4)).expected())
        .isEqualTo(new Expected.Hash(30, "3c13dee48d9356ae19af2515e05e6b54"));
    assertThat(((SltRecord.Query) records.get(5)).expected()).isNull();
    assertThat(records.get(6)).isEqualTo(new SltRecord.Halt(28, List.of()));
  }

  @Test
  void conditionsEndAtABlankLine() {
    List<SltRecord> records = parse("skipif mysql\n\nstatement ok\nSELECT 1\n");
    assertThat(records.get(0).conditions()).isEmpty();
  }

  @Test
  void carriageReturnsAndTrailingSpacesAreIgnored() {
    List<SltRecord> records = parse("statement ok \r\nSELECT 1\r\n\r\nhalt\r\n");
    assertThat(records).hasSize(2);
    assertThat(((SltRecord.Statement) records.get(0)).sql()).isEqualTo("SELECT 1");
  }

  @Test
  void rejectsMalformedScriptsWithTheirLine() {
    assertThatThrownBy(() -> parse("statement maybe\nSELECT 1\n"))
        .isInstanceOf(SltFormatException.class)
        .hasMessageContaining("test:1");
    assertThatThrownBy(() -> parse("\nbogus record\n"))
        .hasMessageContaining("test:2")
        .hasMessageContaining("bogus");
    assertThatThrownBy(() -> parse("query I sideways\nSELECT 1\n"))
        .hasMessageContaining("sort mode");
  }

  /** The development corpus's README counts 221,204 statement/query records in 34 files. */
  @Test
  void parsesTheWholeDevelopmentCorpus() throws IOException {
    Path corpus = Path.of("..", "..", "shared", "sqllogictest");
    assumeTrue(Files.isDirectory(corpus), "the corpus lies beside the clone: " + corpus.toAbsolutePath());
    long records = 0;
    int files = 0;
    try (Stream<Path> walk = Files.walk(corpus)) {
      for (Path p : walk.filter(f -> f.toString().endsWith(".test")).toList()) {
        try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
          records +=
              SltParser.parse(r, p.toString()).stream()
                  .filter(x -> x instanceof SltRecord.Statement || x instanceof SltRecord.Query)
                  .count();
        }
        files++;
      }
    }
    assertThat(files).isEqualTo(34);
    assertThat(records).isEqualTo(221_204);
  }
}
