package io.cairn.sql.session;

/**
 * A change of session state that a client tracking it (MySQL's {@code CLIENT_SESSION_TRACK})
 * hears of in the OK packet of the statement that made it: the current database when
 * {@code session_track_schema} is on, and the system variables {@code
 * session_track_system_variables} names ({@code *} for all).
 */
public sealed interface SessionStateChange {

  /** The current database became {@code name}. */
  record Schema(String name) implements SessionStateChange {}

  /** The session value of system variable {@code name} became {@code value} (empty for NULL). */
  record SystemVariable(String name, String value) implements SessionStateChange {}
}
