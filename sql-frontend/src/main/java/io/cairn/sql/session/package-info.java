/**
 * The Session API: what the MySQL protocol layer (and the sqllogictest in-process harness)
 * calls. A {@link io.cairn.sql.session.SessionFactory} opens one {@link
 * io.cairn.sql.session.Session} per client connection; a session runs one statement at a time
 * and answers with {@link io.cairn.sql.session.StatementResult}s or a {@link
 * io.cairn.sql.session.SqlException} carrying the MySQL error code.
 */
package io.cairn.sql.session;
