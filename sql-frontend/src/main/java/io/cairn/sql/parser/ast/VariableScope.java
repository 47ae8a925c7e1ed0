package io.cairn.sql.parser.ast;

/** Which variable a name refers to, as written: {@code @@global.x}, {@code @@session.x}, {@code @@x}, {@code @x}. */
public enum VariableScope {
  /** {@code GLOBAL x} or {@code @@global.x}. */
  GLOBAL,
  /** {@code SESSION x}, {@code LOCAL x}, {@code @@session.x} or {@code @@local.x}. */
  SESSION,
  /** {@code x} or {@code @@x}: the session value when one exists, MySQL's default scope. */
  DEFAULT,
  /** {@code @x}: a user-defined variable. */
  USER
}
