package io.cairn.coprocessor.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of {@code expr/mysql-cases.tsv}: SQL expression text, the value the mysql client
 * prints, and the warning codes. The same file is replayed against a real server by {@code
 * expr/mariadb-replay.sh}; see its header for the rows where MySQL 8 and MariaDB differ.
 */
class MysqlCasesTest {
  static Stream<Arguments> cases() throws IOException {
    List<Arguments> out = new ArrayList<>();
    try (InputStream in = MysqlCasesTest.class.getResourceAsStream("/expr/mysql-cases.tsv")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        out.add(Arguments.of(f[0], f[1], f[2]));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} -> {1} [{2}]")
  @MethodSource("cases")
  void matchesMysql(String sql, String expected, String warnings) {
    ExprTesting.Outcome o = ExprTesting.run(sql);
    assertThat(o.value()).as("value of %s", sql).isEqualTo(expected);
    assertThat(o.warnings()).as("warnings of %s", sql).isEqualTo(warnings);
  }
}
