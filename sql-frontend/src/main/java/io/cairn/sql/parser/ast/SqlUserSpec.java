package io.cairn.sql.parser.ast;

import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.apache.calcite.util.NlsString;

/**
 * An account name {@code 'user'@'host'} (the host defaults to {@code %}) with an optional
 * authentication clause: {@code IDENTIFIED BY 'pw'}, {@code IDENTIFIED WITH plugin [BY 'pw']}
 * or {@code IDENTIFIED WITH plugin AS 'stored credential'}. Where a statement takes no clause
 * (DROP USER, GRANT ... TO), plugin and password are null.
 */
public final class SqlUserSpec extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("USER", SqlKind.OTHER);
  private final SqlLiteral user;
  private final SqlLiteral host;
  private final SqlIdentifier plugin;
  private final SqlLiteral password;
  private final boolean hashed;

  /**
   * @param plugin the plugin of IDENTIFIED WITH, or null
   * @param password the password of IDENTIFIED [WITH ...] BY, or the stored credential of
   *     IDENTIFIED WITH ... AS, or null
   * @param hashed true for AS (then {@code plugin} is not null)
   */
  public SqlUserSpec(SqlParserPos pos, String user, String host, SqlIdentifier plugin, String password,
      boolean hashed) {
    super(pos, OPERATOR);
    this.user = SqlLiteral.createCharString(user, pos);
    this.host = SqlLiteral.createCharString(host, pos);
    this.plugin = plugin;
    this.password = password == null ? null : SqlLiteral.createCharString(password, pos);
    this.hashed = hashed;
  }

  public String user() {
    return text(user);
  }

  public String host() {
    return text(host);
  }

  /** The plugin named by IDENTIFIED WITH, or null. */
  public String plugin() {
    return plugin == null ? null : plugin.getSimple();
  }

  /** The password (or with {@link #hashed()} the stored credential), or null. */
  public String password() {
    return password == null ? null : text(password);
  }

  /** Whether {@link #password()} is a stored credential (IDENTIFIED WITH plugin AS '...'). */
  public boolean hashed() {
    return hashed;
  }

  /** Whether the spec has an IDENTIFIED clause. */
  public boolean identified() {
    return plugin != null || password != null;
  }

  private static String text(SqlLiteral literal) {
    return literal.getValueAs(NlsString.class).getValue();
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(user, host, plugin, password, flag(hashed));
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    StringBuilder sb = new StringBuilder();
    writer.getDialect().quoteStringLiteral(sb, null, user());
    sb.append('@');
    writer.getDialect().quoteStringLiteral(sb, null, host());
    writer.literal(sb.toString());
    if (!identified()) {
      return;
    }
    writer.keyword("IDENTIFIED");
    if (plugin != null) {
      writer.keyword("WITH");
      plugin.unparse(writer, 0, 0);
    }
    if (password != null) {
      writer.keyword(hashed ? "AS" : "BY");
      password.unparse(writer, 0, 0);
    }
  }

  /** Writes an account name, or {@code CURRENT_USER} for null. */
  static void unparseUser(SqlWriter writer, SqlUserSpec spec) {
    if (spec == null) {
      writer.keyword("CURRENT_USER");
    } else {
      spec.unparse(writer, 0, 0);
    }
  }
}
