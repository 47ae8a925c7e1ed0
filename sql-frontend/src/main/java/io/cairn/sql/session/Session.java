package io.cairn.sql.session;

import java.util.List;
import java.util.Optional;

/**
 * One client connection's SQL session: current database, session variables, an open
 * transaction, prepared statements and the warnings of the last statement.
 *
 * <p>A session runs one statement at a time and is not thread-safe, except {@link #cancel()}
 * (KILL QUERY), which may be called from any thread. Every failure is reported as a {@link
 * SqlException} with a MySQL error code; after a failed statement the session stays usable.
 */
public interface Session extends AutoCloseable {

  /** The connection id, unique in the server, shown by SHOW PROCESSLIST and used by KILL. */
  long connectionId();

  /** The authenticated user name. */
  String user();

  /**
   * Runs one SQL statement. A result set must be read or closed before the next call.
   *
   * @throws SqlException on any error, with MySQL errno and SQLSTATE
   */
  StatementResult execute(String sql);

  /**
   * Parses and prepares {@code sql}, which may contain {@code ?} placeholders.
   *
   * @throws SqlException on a syntax or semantic error
   */
  PreparedStatement prepare(String sql);

  /**
   * Executes a prepared statement with one value per placeholder. Parameter values are
   * {@code null}, {@link Long} (integers; unsigned ones as their bits with {@code
   * unsignedParameters} saying which), {@link Double}, {@link java.math.BigDecimal}, {@code
   * byte[]} (strings and blobs, utf8mb4) or {@link Temporal}.
   */
  StatementResult executePrepared(
      int statementId, List<Object> parameters, List<Boolean> unsignedParameters);

  /** Forgets a prepared statement; unknown ids are ignored (COM_STMT_CLOSE has no answer). */
  void closePrepared(int statementId);

  /** The current database, if one is selected. */
  Optional<String> currentDatabase();

  /**
   * Selects the current database (COM_INIT_DB, the handshake's database).
   *
   * @throws SqlException 1049 if it does not exist, 1044 if the session's account holds no
   *     privilege in it
   */
  void useDatabase(String database);

  /** The value of a session system variable as {@code SELECT @@name} would show it. */
  Optional<String> systemVariable(String name);

  /** Warnings (and notes and errors) of the last statement, for SHOW WARNINGS. */
  List<SqlWarning> warnings();

  /**
   * The tracked state changes since the last call, oldest first, and forgets them: the
   * protocol layer sends them in the OK packet of the statement that made them.
   */
  default List<SessionStateChange> takeStateChanges() {
    return List.of();
  }

  /** Whether a transaction is open (for the SERVER_STATUS_IN_TRANS flag). */
  boolean inTransaction();

  /** Whether autocommit is on (for the SERVER_STATUS_AUTOCOMMIT flag). */
  boolean autocommit();

  /** Interrupts the running statement, which then fails with error 1317; thread-safe. */
  void cancel();

  /** Rolls back an open transaction and releases everything; idempotent. */
  @Override
  void close();
}
