package io.cairn.sql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cairn.sql.MySqlParseException;
import io.cairn.sql.parser.ast.SqlGrant;
import io.cairn.sql.parser.ast.SqlSetPassword;
import io.cairn.sql.parser.ast.SqlShowGrants;
import io.cairn.sql.parser.ast.SqlUserSpec;
import io.cairn.sql.parser.ast.SqlUserStatement;
import io.cairn.sql.parser.ast.SqlSetVariables;
import java.util.List;
import org.apache.calcite.sql.SqlNode;
import org.junit.jupiter.api.Test;

/** What the account statements (users, passwords, grants) parse into. */
class MySqlParserAccountTest {
  private final MySqlParser parser = new MySqlParser();

  private <T> T parse(String sql, Class<T> type) {
    SqlNode node = parser.parse(sql);
    assertThat(node).as(sql).isInstanceOf(type);
    return type.cast(node);
  }

  @Test
  void accountNamesInEveryQuotingMySqlAccepts() {
    String[][] cases = {
        {"'u'@'h'", "u", "h"}, {"u@localhost", "u", "localhost"}, {"'u'", "u", "%"}, {"u", "u", "%"},
        {"\"u\"@\"h\"", "u", "h"}, {"`u`@`my host`", "u", "my host"}, {"'u'@127.0.0.1", "u", "127.0.0.1"},
        {"'o''neil'@'%'", "o'neil", "%"}, {"u@'10.0.0.%'", "u", "10.0.0.%"},
    };
    for (String[] c : cases) {
      SqlUserStatement drop = parse("DROP USER " + c[0], SqlUserStatement.class);
      assertThat(drop.users()).as(c[0]).singleElement()
          .satisfies(u -> assertThat(List.of(u.user(), u.host())).isEqualTo(List.of(c[1], c[2])));
    }
  }

  @Test
  void createUserWithEachAuthenticationClause() {
    SqlUserStatement s = parse("CREATE USER IF NOT EXISTS a IDENTIFIED BY 'pw', b IDENTIFIED WITH"
        + " caching_sha2_password BY 'x', c IDENTIFIED WITH mysql_native_password AS '*AB', d", SqlUserStatement.class);
    assertThat(s.action()).isEqualTo(SqlUserStatement.Action.CREATE);
    assertThat(s.ifClause()).isTrue();
    List<SqlUserSpec> users = s.users();
    assertThat(users).extracting(SqlUserSpec::plugin)
        .containsExactly(null, "caching_sha2_password", "mysql_native_password", null);
    assertThat(users).extracting(SqlUserSpec::password).containsExactly("pw", "x", "*AB", null);
    assertThat(users).extracting(SqlUserSpec::hashed).containsExactly(false, false, true, false);
    assertThat(users).extracting(SqlUserSpec::identified).containsExactly(true, true, true, false);
  }

  @Test
  void alterDropRenameAndSetPassword() {
    assertThat(parse("ALTER USER IF EXISTS u IDENTIFIED BY 'n'", SqlUserStatement.class).action())
        .isEqualTo(SqlUserStatement.Action.ALTER);
    SqlUserStatement rename = parse("RENAME USER a TO b, 'c'@'h' TO d", SqlUserStatement.class);
    assertThat(rename.users()).extracting(SqlUserSpec::user).containsExactly("a", "b", "c", "d");
    SqlSetPassword own = parse("SET PASSWORD = 'pw'", SqlSetPassword.class);
    assertThat(own.user()).isNull();
    assertThat(own.password()).isEqualTo("pw");
    assertThat(parse("SET PASSWORD FOR 'u'@'h' = ''", SqlSetPassword.class).user().host()).isEqualTo("h");
    // "password" stays usable as a variable and column name.
    parse("SET @password = 1", SqlSetVariables.class);
    parser.parse("SELECT password FROM users WHERE password = 'x'");
  }

  @Test
  void grantTargetsAndPrivileges() {
    SqlGrant g = parse("GRANT ALL PRIVILEGES, GRANT OPTION ON db.* TO u WITH GRANT OPTION", SqlGrant.class);
    assertThat(g.revoke()).isFalse();
    assertThat(g.privileges()).containsExactly("ALL", "GRANT OPTION");
    assertThat(g.level()).isEqualTo(SqlGrant.Level.DATABASE);
    assertThat(g.db().getSimple()).isEqualTo("db");
    assertThat(g.table()).isNull();
    assertThat(g.grantOption()).isTrue();

    assertThat(parse("GRANT SELECT ON *.* TO u", SqlGrant.class).level()).isEqualTo(SqlGrant.Level.GLOBAL);
    SqlGrant current = parse("GRANT SELECT ON * TO u", SqlGrant.class);
    assertThat(current.level()).isEqualTo(SqlGrant.Level.DATABASE);
    assertThat(current.db()).isNull();
    SqlGrant table = parse("GRANT create user, super ON TABLE t TO u, v", SqlGrant.class);
    assertThat(table.privileges()).containsExactly("CREATE USER", "SUPER");
    assertThat(table.level()).isEqualTo(SqlGrant.Level.TABLE);
    assertThat(table.db()).isNull();
    assertThat(table.table().getSimple()).isEqualTo("t");
    assertThat(table.users()).hasSize(2);

    SqlGrant revoke = parse("REVOKE INSERT ON db.t FROM u", SqlGrant.class);
    assertThat(revoke.revoke()).isTrue();
    assertThat(revoke.db().getSimple()).isEqualTo("db");
  }

  @Test
  void showGrants() {
    assertThat(parse("SHOW GRANTS", SqlShowGrants.class).user()).isNull();
    assertThat(parse("SHOW GRANTS FOR CURRENT_USER()", SqlShowGrants.class).user()).isNull();
    assertThat(parse("SHOW GRANTS FOR 'u'@'h'", SqlShowGrants.class).user().user()).isEqualTo("u");
  }

  @Test
  void malformedAccountStatementsAreSyntaxErrors() {
    for (String sql : List.of("DROP USER u IDENTIFIED BY 'x'", "CREATE USER IF EXISTS u",
        "DROP USER IF NOT EXISTS u", "GRANT SELECT TO u", "GRANT SELECT ON db.* FROM u",
        "REVOKE SELECT ON db.* TO u", "CREATE USER 'u'@")) {
      MySqlParseException e = catchThrowableOfType(MySqlParseException.class, () -> parser.parse(sql));
      assertThat(e).as(sql).isNotNull();
      assertThat(e.errorCode()).as(sql).isEqualTo(1064);
    }
  }
}
