package io.cairn.sql.engine;

import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.sql.parser.ast.SqlVariableRef;
import io.cairn.sql.parser.ast.VariableScope;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Replaces what only the session knows by literals before a query is planned: {@code @@var} and
 * {@code @var} references, and the information functions DATABASE()/SCHEMA(), USER(),
 * CURRENT_USER(), SESSION_USER(), SYSTEM_USER(), CONNECTION_ID(), VERSION(), LAST_INSERT_ID(),
 * ROW_COUNT() and FOUND_ROWS(). The literals keep the original positions, so result column
 * labels still show the text the client wrote. Not thread-safe: one per statement.
 */
final class SessionRewriter extends SqlShuttle {
  private static final Set<String> FUNCTIONS = Set.of("DATABASE", "SCHEMA", "USER", "CURRENT_USER",
      "SESSION_USER", "SYSTEM_USER", "CONNECTION_ID", "VERSION", "LAST_INSERT_ID", "ROW_COUNT",
      "FOUND_ROWS");

  private static final Set<String> BARE_NAMES = Set.of("USER", "SESSION_USER", "SYSTEM_USER");

  private final CairnSession session;
  private boolean replaced;

  SessionRewriter(CairnSession session) {
    this.session = session;
  }

  /** Whether the statement used session state (its text alone does not determine its plan). */
  boolean replacedAny() {
    return replaced;
  }

  @Override
  public SqlNode visit(SqlCall call) {
    if (call instanceof SqlVariableRef ref) {
      replaced = true;
      return variable(ref);
    }
    if (call.getOperator() instanceof SqlFunction f && call.operandCount() == 0) {
      String name = f.getName().toUpperCase(Locale.ROOT);
      if (FUNCTIONS.contains(name)) {
        replaced = true;
        return function(name, call);
      }
    }
    return super.visit(call);
  }

  /**
   * MySQL's USER, SESSION_USER and SYSTEM_USER need parentheses to be functions; bare, they are
   * names (information_schema.PROCESSLIST has a USER column). Calcite's validator would turn the
   * bare name into its own nullary function unless the identifier counts as quoted. A bare
   * CURRENT_USER is the function, in MySQL as in Calcite.
   */
  @Override
  public SqlNode visit(SqlIdentifier id) {
    if (id.isSimple() && !id.isComponentQuoted(0) && id.getSimple().equalsIgnoreCase("CURRENT_USER")) {
      replaced = true;
      return function("CURRENT_USER", id);
    }
    if (id.isSimple() && BARE_NAMES.contains(id.getSimple().toUpperCase(Locale.ROOT))
        && !id.isComponentQuoted(0)) {
      org.apache.calcite.sql.parser.SqlParserPos quoted = id.getParserPosition().withQuoting(true);
      return new SqlIdentifier(java.util.List.of(id.getSimple()), null, quoted, java.util.List.of(quoted));
    }
    return id;
  }

  private SqlNode variable(SqlVariableRef ref) {
    if (ref.scope() == VariableScope.USER) {
      Object v = session.userVariables().get(ref.name().toLowerCase(Locale.ROOT));
      return Literals.toNode(v, ColumnTypes.typeOf(v), ref.getParserPosition());
    }
    String name = ref.name().toLowerCase(Locale.ROOT);
    Object v = switch (name) {
      case "warning_count" -> (long) session.warnings().stream().filter(w -> !w.level().equals("Error")).count();
      case "error_count" -> (long) session.warnings().stream().filter(w -> w.level().equals("Error")).count();
      case "last_insert_id", "identity" -> session.lastInsertId();
      case "session_track_state_change" -> null;
      default -> session.variables().selectValue(ref.name(), ref.scope() == VariableScope.GLOBAL,
          ref.scope() == VariableScope.SESSION);
    };
    FieldType t = ColumnTypes.typeOf(v);
    if (v instanceof Long && (name.equals("last_insert_id") || name.equals("identity"))) {
      t = FieldType.unsignedBigint();
    }
    return Literals.toNode(v, t, ref.getParserPosition());
  }

  private SqlNode function(String name, SqlNode call) {
    Object v = switch (name) {
      case "DATABASE", "SCHEMA" -> session.database();
      case "USER", "SESSION_USER", "SYSTEM_USER" -> session.user() + "@" + session.host();
      // The account the session authenticated as: its host pattern, not the client's host.
      case "CURRENT_USER" -> session.user() + "@" + (session.accountHost() != null ? session.accountHost() : session.host());
      case "CONNECTION_ID" -> session.connectionId();
      case "VERSION" -> SystemVariables.VERSION;
      case "LAST_INSERT_ID" -> session.lastInsertId();
      case "ROW_COUNT" -> session.rowCount();
      case "FOUND_ROWS" -> session.foundRows();
      default -> throw new IllegalStateException(name);
    };
    return Literals.toNode(v, ColumnTypes.typeOf(v), call.getParserPosition());
  }
}
