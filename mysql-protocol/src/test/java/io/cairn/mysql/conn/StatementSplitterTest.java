package io.cairn.mysql.conn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementSplitterTest {

  @Test
  void splitsAtTopLevelSemicolons() {
    assertThat(StatementSplitter.split("SELECT 1; SELECT 2 ;SELECT 3"))
        .containsExactly("SELECT 1", "SELECT 2", "SELECT 3");
  }

  @Test
  void ignoresSemicolonsInQuotesIdentifiersAndComments() {
    assertThat(StatementSplitter.split(
        "SELECT 'a;b', \"c;d\", `e;f`, 'it''s;', 'esc\\';x' -- no; split\n; SELECT /* ; */ 2 # x;y\n"))
        .containsExactly(
            "SELECT 'a;b', \"c;d\", `e;f`, 'it''s;', 'esc\\';x' -- no; split",
            "SELECT /* ; */ 2 # x;y");
  }

  @Test
  void dropsEmptyAndCommentOnlyPiecesButKeepsVersionedComments() {
    assertThat(StatementSplitter.split("SELECT 1;;  ; -- tail\n")).containsExactly("SELECT 1");
    assertThat(StatementSplitter.split("/* c */ ; /*!40101 SET x=1 */"))
        .containsExactly("/*!40101 SET x=1 */");
    assertThat(StatementSplitter.split("   ")).isEmpty();
  }

  @Test
  void doubleDashWithoutSpaceIsAnOperator() {
    assertThat(StatementSplitter.split("SELECT 1--1; SELECT 2")).containsExactly("SELECT 1--1", "SELECT 2");
  }

  @Test
  void unterminatedQuoteRunsToTheEnd() {
    assertThat(StatementSplitter.split("SELECT 'abc; SELECT 2")).containsExactly("SELECT 'abc; SELECT 2");
  }
}
