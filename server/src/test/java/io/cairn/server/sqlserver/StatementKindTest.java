package io.cairn.server.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementKindTest {

  @Test
  void labelsByLeadingKeywordPastCommentsAndParentheses() {
    assertThat(StatementKind.of("SELECT 1")).isEqualTo("select");
    assertThat(StatementKind.of("  (select 1) union (select 2)")).isEqualTo("select");
    assertThat(StatementKind.of("/* app=billing */ insert into t values (1)")).isEqualTo("insert");
    assertThat(StatementKind.of("-- note\nUPDATE t SET a = 1")).isEqualTo("update");
    assertThat(StatementKind.of("# note\ndelete from t")).isEqualTo("delete");
    assertThat(StatementKind.of("/*!40101 SET NAMES utf8 */")).isEqualTo("set");
  }

  @Test
  void anythingElseIsOtherSoClientsCannotInventLabels() {
    assertThat(StatementKind.of("FROBNICATE everything")).isEqualTo("other");
    assertThat(StatementKind.of("")).isEqualTo("other");
    assertThat(StatementKind.of("/* unterminated")).isEqualTo("other");
  }
}
