package io.cairn.sql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.sql.MySqlParseException;
import io.cairn.sql.parser.ast.AccessMode;
import io.cairn.sql.parser.ast.IsolationLevel;
import io.cairn.sql.parser.ast.MySqlTypeName;
import io.cairn.sql.parser.ast.SqlAlterTable;
import io.cairn.sql.parser.ast.SqlAlterTableAction;
import io.cairn.sql.parser.ast.SqlColumnDef;
import io.cairn.sql.parser.ast.SqlCreateTable;
import io.cairn.sql.parser.ast.SqlEndTransaction;
import io.cairn.sql.parser.ast.SqlExplainStatement;
import io.cairn.sql.parser.ast.SqlIndexDef;
import io.cairn.sql.parser.ast.SqlKill;
import io.cairn.sql.parser.ast.SqlLockingSelect;
import io.cairn.sql.parser.ast.SqlMySqlDelete;
import io.cairn.sql.parser.ast.SqlMySqlInsert;
import io.cairn.sql.parser.ast.SqlMySqlUpdate;
import io.cairn.sql.parser.ast.SqlSetNames;
import io.cairn.sql.parser.ast.SqlSetTransaction;
import io.cairn.sql.parser.ast.SqlSetVariables;
import io.cairn.sql.parser.ast.SqlShow;
import io.cairn.sql.parser.ast.SqlStartTransaction;
import io.cairn.sql.parser.ast.SqlTableAsOf;
import io.cairn.sql.parser.ast.SqlTableOption;
import io.cairn.sql.parser.ast.SqlValuesColumnFunction;
import io.cairn.sql.parser.ast.SqlVariableAssignment;
import io.cairn.sql.parser.ast.SqlVariableRef;
import io.cairn.sql.parser.ast.VariableScope;
import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.junit.jupiter.api.Test;

/** What the grammar builds: the parts of each statement land in the right fields. */
class MySqlParserStatementTest {
  private final MySqlParser parser = new MySqlParser();

  @SuppressWarnings("unchecked")
  private <T> T parse(String sql, Class<T> type) {
    SqlNode node = parser.parse(sql);
    assertThat(node).isInstanceOf(type);
    return (T) node;
  }

  @Test
  void showTablesWithDatabaseAndPattern() {
    SqlShow show = parse("SHOW FULL TABLES FROM shop LIKE 'ord%'", SqlShow.class);
    assertThat(show.kind()).isEqualTo(SqlShow.Kind.TABLES);
    assertThat(show.full()).isTrue();
    assertThat(show.database().getSimple()).isEqualTo("shop");
    assertThat(((SqlCharStringLiteral) show.like()).getValueAs(String.class)).isEqualTo("ord%");
  }

  @Test
  void describeIsShowColumns() {
    SqlShow show = parse("DESC shop.orders id", SqlShow.class);
    assertThat(show.kind()).isEqualTo(SqlShow.Kind.COLUMNS);
    assertThat(show.target().names).containsExactly("shop", "orders");
    assertThat(((SqlCharStringLiteral) show.like()).getValueAs(String.class)).isEqualTo("id");
  }

  @Test
  void setVariablesKeepScopeAndValues() {
    SqlSetVariables set = parse(
        "SET GLOBAL a = 1, @@session.b = ON, @@c = DEFAULT, @u = 'x', LOCAL d = OFF", SqlSetVariables.class);
    List<SqlNode> list = set.assignments().getList();
    assertThat(list).hasSize(5);
    SqlVariableAssignment first = (SqlVariableAssignment) list.get(0);
    assertThat(first.target().scope()).isEqualTo(VariableScope.GLOBAL);
    assertThat(first.target().name()).isEqualTo("a");
    SqlVariableAssignment second = (SqlVariableAssignment) list.get(1);
    assertThat(second.target().scope()).isEqualTo(VariableScope.SESSION);
    assertThat(((SqlCharStringLiteral) second.value()).getValueAs(String.class)).isEqualTo("ON");
    SqlVariableAssignment third = (SqlVariableAssignment) list.get(2);
    assertThat(third.target().scope()).isEqualTo(VariableScope.DEFAULT);
    assertThat(third.value().getKind()).isEqualTo(SqlKind.DEFAULT);
    assertThat(((SqlVariableAssignment) list.get(3)).target().scope()).isEqualTo(VariableScope.USER);
    SqlVariableAssignment fifth = (SqlVariableAssignment) list.get(4);
    assertThat(fifth.target().scope()).isEqualTo(VariableScope.SESSION);
    assertThat(fifth.value()).isInstanceOf(SqlIdentifier.class);
  }

  @Test
  void namesIsAlsoAnItemOfASetList() {
    SqlSetVariables set = parse("set autocommit=1, names utf8mb4 COLLATE utf8mb4_unicode_ci, @x = 2",
        SqlSetVariables.class);
    List<SqlNode> list = set.assignments().getList();
    assertThat(list).hasSize(3);
    assertThat(list.get(0)).isInstanceOf(SqlVariableAssignment.class);
    SqlSetNames names = (SqlSetNames) list.get(1);
    assertThat(names.charset()).isEqualTo("utf8mb4");
    assertThat(names.collation()).isEqualTo("utf8mb4_unicode_ci");
    assertThat(((SqlVariableAssignment) list.get(2)).target().scope()).isEqualTo(VariableScope.USER);
    assertThat(set.toString()).contains("NAMES `utf8mb4` COLLATE `utf8mb4_unicode_ci`").doesNotContain("SET NAMES");
  }

  @Test
  void setNamesAndTransaction() {
    SqlSetNames names = parse("SET NAMES utf8mb4 COLLATE utf8mb4_bin", SqlSetNames.class);
    assertThat(names.charset()).isEqualTo("utf8mb4");
    assertThat(names.collation()).isEqualTo("utf8mb4_bin");
    SqlSetTransaction txn = parse("SET SESSION TRANSACTION READ ONLY, ISOLATION LEVEL READ COMMITTED",
        SqlSetTransaction.class);
    assertThat(txn.scope()).isEqualTo(VariableScope.SESSION);
    assertThat(txn.isolationLevel()).isEqualTo(IsolationLevel.READ_COMMITTED);
    assertThat(txn.accessMode()).isEqualTo(AccessMode.READ_ONLY);
  }

  @Test
  void transactionControl() {
    SqlStartTransaction start = parse("START TRANSACTION READ ONLY, WITH CONSISTENT SNAPSHOT",
        SqlStartTransaction.class);
    assertThat(start.accessMode()).isEqualTo(AccessMode.READ_ONLY);
    assertThat(start.consistentSnapshot()).isTrue();
    assertThat(parse("BEGIN", SqlStartTransaction.class).accessMode()).isNull();
    assertThat(parse("COMMIT", SqlEndTransaction.class).commit()).isTrue();
    assertThat(parse("ROLLBACK WORK", SqlEndTransaction.class).commit()).isFalse();
  }

  @Test
  void staleReadClauses() {
    SqlStartTransaction start = parse("START TRANSACTION READ ONLY AS OF TIMESTAMP '2024-05-06 07:08:09'",
        SqlStartTransaction.class);
    assertThat(start.accessMode()).isEqualTo(AccessMode.READ_ONLY);
    assertThat(start.asOf()).hasToString("'2024-05-06 07:08:09'");
    assertThat(parse("START TRANSACTION READ ONLY", SqlStartTransaction.class).asOf()).isNull();
    SqlSetTransaction set = parse("SET TRANSACTION READ ONLY AS OF TIMESTAMP NOW()", SqlSetTransaction.class);
    assertThat(set.scope()).isEqualTo(VariableScope.DEFAULT);
    assertThat(set.asOf()).isNotNull();
    SqlSelect select = parse("SELECT * FROM t x AS OF TIMESTAMP NOW() WHERE a = 1", SqlSelect.class);
    assertThat(select.getFrom()).isInstanceOf(SqlTableAsOf.class);
    SqlTableAsOf asOf = (SqlTableAsOf) select.getFrom();
    assertThat(asOf.table().getKind()).isEqualTo(SqlKind.AS);
    assertThat(asOf.timestamp().toString()).contains("NOW");
    assertThat(parse("SELECT * FROM t AS OF TIMESTAMP NOW() AS x", SqlSelect.class).getFrom().getKind())
        .isEqualTo(SqlKind.AS);
    assertThat(parse("SELECT * FROM t AS x", SqlSelect.class).getFrom().getKind()).isEqualTo(SqlKind.AS);
    for (String bad : List.of("START TRANSACTION READ WRITE AS OF TIMESTAMP NOW()",
        "START TRANSACTION AS OF TIMESTAMP NOW()", "SET TRANSACTION READ WRITE AS OF TIMESTAMP NOW()",
        "SELECT * FROM (SELECT 1) AS OF TIMESTAMP NOW()", "SELECT * FROM t AS OF NOW()")) {
      assertThatThrownBy(() -> parser.parse(bad)).as(bad).isInstanceOf(MySqlParseException.class)
          .extracting(e -> ((MySqlParseException) e).errorCode()).isEqualTo(1064);
    }
  }

  @Test
  void createTableColumnsIndexesAndOptions() {
    SqlCreateTable t = parse("CREATE TABLE IF NOT EXISTS t ("
        + " id BIGINT(20) UNSIGNED NOT NULL AUTO_INCREMENT,"
        + " name VARCHAR(32) CHARACTER SET utf8mb4 NOT NULL DEFAULT '' COMMENT 'who',"
        + " price DECIMAL(10,2) ZEROFILL,"
        + " PRIMARY KEY (id), UNIQUE KEY uk_name (name(8)), KEY (price DESC)"
        + ") ENGINE=InnoDB AUTO_INCREMENT=7 DEFAULT CHARSET=utf8mb4", SqlCreateTable.class);
    assertThat(t.ifNotExists()).isTrue();
    SqlColumnDef id = (SqlColumnDef) t.columns().get(0);
    assertThat(id.type().typeName()).isEqualTo(MySqlTypeName.BIGINT);
    assertThat(id.type().length()).isEqualTo(20);
    assertThat(id.type().unsigned()).isTrue();
    assertThat(id.nullable()).isFalse();
    assertThat(id.autoIncrement()).isTrue();
    SqlColumnDef name = (SqlColumnDef) t.columns().get(1);
    assertThat(name.type().charset()).isEqualTo("utf8mb4");
    assertThat(name.defaultValue()).isInstanceOf(SqlCharStringLiteral.class);
    SqlColumnDef price = (SqlColumnDef) t.columns().get(2);
    assertThat(price.type().scale()).isEqualTo(2);
    assertThat(price.type().zerofill()).isTrue();
    assertThat(price.type().unsigned()).as("ZEROFILL implies UNSIGNED").isTrue();
    assertThat(t.indexes().getList()).extracting(n -> ((SqlIndexDef) n).indexKind())
        .containsExactly(SqlIndexDef.IndexKind.PRIMARY, SqlIndexDef.IndexKind.UNIQUE, SqlIndexDef.IndexKind.INDEX);
    SqlIndexDef unique = (SqlIndexDef) t.indexes().get(1);
    assertThat(unique.name().getSimple()).isEqualTo("uk_name");
    assertThat(t.options().getList()).extracting(n -> ((SqlTableOption) n).option())
        .containsExactly(SqlTableOption.Option.ENGINE, SqlTableOption.Option.AUTO_INCREMENT,
            SqlTableOption.Option.CHARSET);
  }

  @Test
  void alterTableActionsInOrder() {
    SqlAlterTable alter = parse("ALTER TABLE t ADD COLUMN c INT AFTER b, DROP INDEX i, RENAME TO u",
        SqlAlterTable.class);
    assertThat(alter.actions().getList()).extracting(n -> ((SqlAlterTableAction) n).action())
        .containsExactly(SqlAlterTableAction.Action.ADD_COLUMN, SqlAlterTableAction.Action.DROP_INDEX,
            SqlAlterTableAction.Action.RENAME);
    assertThat(((SqlAlterTableAction) alter.actions().get(0)).after().getSimple()).isEqualTo("b");
  }

  @Test
  void insertVariants() {
    SqlMySqlInsert ignore = parse("INSERT IGNORE INTO t (a, b) VALUES (1, 2) "
        + "ON DUPLICATE KEY UPDATE b = VALUES(b) + 1", SqlMySqlInsert.class);
    assertThat(ignore.ignore()).isTrue();
    assertThat(ignore.replace()).isFalse();
    assertThat(ignore.updateColumns()).hasSize(1);
    SqlBasicCall plus = (SqlBasicCall) ignore.updateValues().get(0);
    assertThat(((SqlCall) plus.operand(0)).getOperator()).isSameAs(SqlValuesColumnFunction.INSTANCE);

    SqlMySqlInsert set = parse("INSERT INTO t SET a = 1, b = 'x'", SqlMySqlInsert.class);
    assertThat(set.getTargetColumnList().getList()).extracting(SqlNode::toString).containsExactly("a", "b");
    assertThat(set.getSource().getKind()).isEqualTo(SqlKind.VALUES);
    assertThat(set.getSource().toString())
        .isEqualTo(parse("INSERT INTO t (a, b) VALUES (1, 'x')", SqlMySqlInsert.class).getSource().toString());

    assertThat(parse("REPLACE INTO t VALUES (1)", SqlMySqlInsert.class).replace()).isTrue();
    assertThat(parse("INSERT INTO t SELECT * FROM s", SqlMySqlInsert.class).getSource()).isInstanceOf(SqlSelect.class);
  }

  @Test
  void updateAndDeleteWithOrderAndLimit() {
    SqlMySqlUpdate update = parse("UPDATE t SET a = 1 WHERE b = 2 ORDER BY c LIMIT 3", SqlMySqlUpdate.class);
    assertThat(update.orderBy()).hasSize(1);
    assertThat(update.limit().toString()).isEqualTo("3");
    assertThat(update.getCondition()).isNotNull();
    SqlMySqlDelete delete = parse("DELETE FROM t WHERE a = 1 LIMIT 2", SqlMySqlDelete.class);
    assertThat(delete.orderBy()).isNull();
    assertThat(delete.limit().toString()).isEqualTo("2");
  }

  @Test
  void lockingReads() {
    SqlLockingSelect forUpdate = parse("SELECT * FROM t WHERE id = 1 FOR UPDATE NOWAIT", SqlLockingSelect.class);
    assertThat(forUpdate.lockMode()).isEqualTo(SqlLockingSelect.LockMode.FOR_UPDATE);
    assertThat(forUpdate.waitPolicy()).isEqualTo(SqlLockingSelect.WaitPolicy.NOWAIT);
    assertThat(forUpdate.query()).isInstanceOf(SqlSelect.class);
    SqlLockingSelect share = parse("SELECT * FROM t LOCK IN SHARE MODE", SqlLockingSelect.class);
    assertThat(share.lockMode()).isEqualTo(SqlLockingSelect.LockMode.FOR_SHARE);
  }

  @Test
  void variablesInExpressions() {
    SqlSelect select = parse("SELECT @@version, @@GLOBAL.sql_mode, @v FROM dual", SqlSelect.class);
    List<SqlNode> items = select.getSelectList().getList();
    assertThat(items).allMatch(n -> n instanceof SqlVariableRef);
    assertThat(((SqlVariableRef) items.get(1)).scope()).isEqualTo(VariableScope.GLOBAL);
    assertThat(((SqlVariableRef) items.get(1)).name()).isEqualTo("sql_mode");
  }

  @Test
  void mysqlInfixOperatorsAndPrecedence() {
    SqlSelect select = parse("SELECT a <=> b, 7 DIV 2 * 3, a XOR c AND d FROM t", SqlSelect.class);
    assertThat(select.getSelectList().get(0).getKind()).isEqualTo(SqlKind.IS_NOT_DISTINCT_FROM);
    SqlBasicCall times = (SqlBasicCall) select.getSelectList().get(1);
    assertThat(times.getKind()).isEqualTo(SqlKind.TIMES);
    assertThat(((SqlCall) times.operand(0)).getOperator()).isSameAs(MySqlOperators.DIV);
    SqlBasicCall xor = (SqlBasicCall) select.getSelectList().get(2);
    assertThat(xor.getOperator()).isSameAs(MySqlOperators.XOR);
    assertThat(xor.operand(1).getKind()).isEqualTo(SqlKind.AND);
  }

  @Test
  void explainAndKill() {
    SqlExplainStatement explain = parse("EXPLAIN ANALYZE SELECT 1", SqlExplainStatement.class);
    assertThat(explain.analyze()).isTrue();
    assertThat(parse("EXPLAIN FORMAT = json SELECT 1", SqlExplainStatement.class).format()).isEqualTo("json");
    assertThat(parse("KILL QUERY 7", SqlKill.class).queryOnly()).isTrue();
    assertThat(parse("KILL 7", SqlKill.class).queryOnly()).isFalse();
  }

  @Test
  void mysqlLiteralsAndComments() {
    SqlSelect select = parse("SELECT \"a\\tb\", 'it''s' 'ok' # trailing\n", SqlSelect.class);
    assertThat(((SqlCharStringLiteral) select.getSelectList().get(0)).getValueAs(String.class)).isEqualTo("a\tb");
    assertThat(((SqlCharStringLiteral) select.getSelectList().get(1)).getValueAs(String.class)).isEqualTo("it'sok");
  }

  @Test
  void executableCommentsAreParsed() {
    assertThat(parser.parse("/*!40101 SET NAMES utf8 */")).isInstanceOf(SqlSetNames.class);
    SqlCreateTable t = parse("CREATE TABLE t (a INT) /*!50100 ENGINE=InnoDB */", SqlCreateTable.class);
    assertThat(t.options()).hasSize(1);
  }

  @Test
  void identifiersKeepTheirCase() {
    SqlSelect select = parse("SELECT Col FROM `MyTable`", SqlSelect.class);
    assertThat(select.getSelectList().get(0).toString()).isEqualTo("Col");
    assertThat(((SqlIdentifier) select.getFrom()).getSimple()).isEqualTo("MyTable");
  }

  @Test
  void multipleStatements() {
    List<SqlNode> statements = parser.parseStatements("USE d; BEGIN; UPDATE t SET a = 1;; COMMIT;");
    assertThat(statements).extracting(n -> n.getClass().getSimpleName())
        .containsExactly("SqlUseDatabase", "SqlStartTransaction", "SqlMySqlUpdate", "SqlEndTransaction");
  }
}
