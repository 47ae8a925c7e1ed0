package io.cairn.sql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cairn.sql.MySqlParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Syntax errors carry MySQL's 1064 with the right "near" text and line; unsupported constructs 1235. */
class MySqlParserErrorTest {
  private final MySqlParser parser = new MySqlParser();

  private MySqlParseException failure(String sql) {
    return failure(sql, "42000");
  }

  private MySqlParseException failure(String sql, String sqlState) {
    MySqlParseException e = catchThrowableOfType(MySqlParseException.class, () -> parser.parse(sql));
    assertThat(e).as("expected <%s> to fail", sql).isNotNull();
    assertThat(e.sqlState()).isEqualTo(sqlState);
    return e;
  }

  @Test
  void syntaxErrorHasMySqlMessageShape() {
    MySqlParseException e = failure("SELECT * FORM t");
    assertThat(e.errorCode()).isEqualTo(1064);
    assertThat(e.near()).isEqualTo("t");
    assertThat(e.line()).isEqualTo(1);
    assertThat(e.getMessage()).isEqualTo("You have an error in your SQL syntax; check the manual that corresponds"
        + " to your MySQL server version for the right syntax to use near 't' at line 1");
  }

  @Test
  void nearTextRunsToTheEndOfTheStatement() {
    MySqlParseException e = failure("SELECT a FROM t WHERE WHERE b = 1");
    assertThat(e.near()).isEqualTo("WHERE b = 1");
  }

  @Test
  void lineCountsLinesOfTheOriginalText() {
    MySqlParseException e = failure("SELECT a,\n  b\nFROM t\nWHERE ) x");
    assertThat(e.line()).isEqualTo(4);
    assertThat(e.near()).isEqualTo(") x");
  }

  @Test
  void positionsSurviveRewrittenStringsAndComments() {
    // The escapes and the comment change lengths in the rewritten text; the near text must not shift.
    MySqlParseException e = failure("SELECT 'a\\'b\\n' /* c */ # d\n, \"x\" FROM FROM t");
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.near()).isEqualTo("FROM t");
  }

  @Test
  void windowsLineEndsCountOnce() {
    MySqlParseException e = failure("SELECT 1\r\nFROM t\r\nWHERE WHERE");
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.near()).isEqualTo("WHERE");
  }

  @Test
  void errorAtEndOfInputIsNearNothing() {
    MySqlParseException e = failure("SELECT * FROM");
    assertThat(e.near()).isEmpty();
    assertThat(e.getMessage()).endsWith("near '' at line 1");
  }

  @Test
  void nearTextIsCutToEightyCharacters() {
    String tail = "x".repeat(200);
    MySqlParseException e = failure("SELECT FROM " + tail);
    assertThat(e.near()).hasSize(MySqlParseException.NEAR_TEXT_LIMIT);
  }

  @Test
  void secondStatementInSingleStatementModeIsASyntaxError() {
    MySqlParseException e = failure("SELECT 1; SELECT 2");
    assertThat(e.errorCode()).isEqualTo(1064);
    assertThat(e.near()).isEqualTo("SELECT 2");
  }

  @Test
  void emptyQuery() {
    assertThat(failure("  -- nothing\n").errorCode()).isEqualTo(1065);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "CREATE TABLE t (a INT, FOREIGN KEY (a) REFERENCES p (id))|FOREIGN KEY",
      "CREATE TABLE t (a INT REFERENCES p (id))|REFERENCES",
      "CREATE TABLE t (a INT, CHECK (a > 0))|CHECK constraint",
      "CREATE TEMPORARY TABLE t (a INT)|CREATE TEMPORARY TABLE",
      "CREATE TABLE t LIKE s|CREATE TABLE ... LIKE",
      "CREATE TABLE t (a INT) AS SELECT 1|CREATE TABLE ... SELECT",
      "ALTER TABLE t MODIFY a BIGINT|ALTER TABLE ... MODIFY",
      "ALTER TABLE t CHANGE a b INT|ALTER TABLE ... CHANGE",
      "ALTER TABLE t RENAME COLUMN a TO b|ALTER TABLE ... RENAME COLUMN",
      "ROLLBACK TO SAVEPOINT s1|ROLLBACK TO SAVEPOINT",
      "SAVEPOINT s1|SAVEPOINT",
      "LOCK TABLES t READ|LOCK TABLES",
      "ADMIN CHECK INDEX t i|ADMIN CHECK INDEX",
      "MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN UPDATE SET b = s.b|MERGE",
      "UPSERT INTO t VALUES (1)|UPSERT",
      "SELECT * FROM t TABLESAMPLE BERNOULLI(10)|TABLESAMPLE",
      "CREATE TRIGGER t1r1 UPDATE ON t1 BEGIN SELECT 1; END;|CREATE TRIGGER",
  })
  void unsupportedConstructsGive1235NamingThem(String sql, String construct) {
    MySqlParseException e = failure(sql);
    assertThat(e.errorCode()).as(sql).isEqualTo(1235);
    assertThat(e.getMessage()).isEqualTo("This version of Cairn doesn't yet support '" + construct + "'");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "CREATE TABLE t (a FOO)|FOO)",
      "CREATE TABLE t (a VARCHAR)|VARCHAR)",
      "CREATE TABLE t (a DATE(3))|DATE(3))",
      "CREATE TABLE t (a TEXT UNSIGNED)|TEXT UNSIGNED)",
      "CREATE TABLE t (a INT CHARACTER SET utf8)|INT CHARACTER SET utf8)",
      "CREATE TABLE t (a ENUM)|ENUM)",
      "1 FOR UPDATE|1 FOR UPDATE",
  })
  void invalidValuesAreSyntaxErrorsAtTheirPosition(String sql, String near) {
    MySqlParseException e = failure(sql);
    assertThat(e.errorCode()).as(sql).isEqualTo(1064);
    assertThat(e.near()).isEqualTo(near);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "UPDATE t1, t2 SET t1.a = t2.a ORDER BY t1.a|UPDATE|ORDER BY",
      "UPDATE t1 JOIN t2 ON t1.id = t2.id SET t1.a = 1 LIMIT 1|UPDATE|LIMIT",
      "DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id ORDER BY t1.id|DELETE|ORDER BY",
      "DELETE FROM t1 USING t1, t2 LIMIT 2|DELETE|LIMIT",
  })
  void multiTableStatementsRefuseOrderByAndLimitWith1221(String sql, String statement, String clause) {
    MySqlParseException e = failure(sql, "HY000");
    assertThat(e.errorCode()).as(sql).isEqualTo(1221);
    assertThat(e.getMessage()).isEqualTo("Incorrect usage of " + statement + " and " + clause);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "DELETE FROM t1 JOIN t2 ON t1.id = t2.id|JOIN t2 ON t1.id = t2.id",
      "DELETE FROM t1.* WHERE a = 1|t1.* WHERE a = 1",
  })
  void misplacedMultiTableDeleteIsASyntaxError(String sql, String near) {
    MySqlParseException e = failure(sql);
    assertThat(e.errorCode()).as(sql).isEqualTo(1064);
    assertThat(e.near()).isEqualTo(near);
  }

  @Test
  void unterminatedStringIsASyntaxError() {
    MySqlParseException e = failure("SELECT 'abc");
    assertThat(e.errorCode()).isEqualTo(1064);
    assertThat(e.near()).isEqualTo("'abc");
  }
}
