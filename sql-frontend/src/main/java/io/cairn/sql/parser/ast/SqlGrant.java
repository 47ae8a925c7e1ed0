package io.cairn.sql.parser.ast;

import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.apache.calcite.util.NlsString;

/**
 * {@code GRANT privs ON target TO user [, user] [WITH GRANT OPTION]} and {@code REVOKE privs ON
 * target FROM user [, user]}. Privileges are kept as MySQL spells them ({@code SELECT}, {@code
 * CREATE USER}, {@code ALL}, {@code GRANT OPTION}, ...); which of them Cairn knows is the
 * executor's question. The target is {@code *.*}, {@code *} (the current database), {@code
 * db.*}, {@code db.t} or {@code t} (in the current database).
 */
public final class SqlGrant extends CairnSqlCall {
  public static final SqlSpecialOperator GRANT = operator("GRANT", SqlKind.OTHER_DDL);
  public static final SqlSpecialOperator REVOKE = operator("REVOKE", SqlKind.OTHER_DDL);

  /** What the privileges are on. */
  public enum Level {
    GLOBAL,
    DATABASE,
    TABLE
  }

  private final boolean revoke;
  private final SqlNodeList privileges;
  private final Level level;
  private final SqlIdentifier db;
  private final SqlIdentifier table;
  private final SqlNodeList users;
  private final boolean grantOption;

  /**
   * @param privileges string literals, one per privilege
   * @param db the database, or null for GLOBAL and for the current database
   * @param table the table for TABLE, else null
   */
  public SqlGrant(SqlParserPos pos, boolean revoke, SqlNodeList privileges, Level level, SqlIdentifier db,
      SqlIdentifier table, SqlNodeList users, boolean grantOption) {
    super(pos, revoke ? REVOKE : GRANT);
    this.revoke = revoke;
    this.privileges = privileges;
    this.level = level;
    this.db = db;
    this.table = table;
    this.users = users;
    this.grantOption = grantOption;
  }

  public boolean revoke() {
    return revoke;
  }

  /** The privileges, upper case with single spaces ({@code "CREATE USER"}). */
  public List<String> privileges() {
    return privileges.getList().stream()
        .map(n -> ((SqlLiteral) n).getValueAs(NlsString.class).getValue()).toList();
  }

  public Level level() {
    return level;
  }

  /** The database named, or null ({@link Level#GLOBAL}, or the current database). */
  public SqlIdentifier db() {
    return db;
  }

  /** The table for {@link Level#TABLE}, else null. */
  public SqlIdentifier table() {
    return table;
  }

  public List<SqlUserSpec> users() {
    return users.getList().stream().map(SqlUserSpec.class::cast).toList();
  }

  /** WITH GRANT OPTION (GRANT only). */
  public boolean grantOption() {
    return grantOption;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(flag(revoke), privileges, symbol(level), db, table, users,
        flag(grantOption));
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(revoke ? "REVOKE" : "GRANT");
    SqlWriter.Frame frame = writer.startList("", "");
    for (String p : privileges()) {
      writer.sep(",");
      writer.keyword(p);
    }
    writer.endList(frame);
    writer.keyword("ON");
    switch (level) {
      case GLOBAL -> writer.literal("*.*");
      case DATABASE -> {
        if (db == null) {
          writer.literal("*");
        } else {
          writer.identifier(db.getSimple(), true);
          writer.literal(".*");
        }
      }
      case TABLE -> {
        if (db != null) {
          writer.identifier(db.getSimple(), true);
          writer.literal(".");
        }
        writer.identifier(table.getSimple(), true);
      }
    }
    writer.keyword(revoke ? "FROM" : "TO");
    commaList(writer, users.getList());
    if (grantOption) {
      writer.keyword("WITH GRANT OPTION");
    }
  }
}
