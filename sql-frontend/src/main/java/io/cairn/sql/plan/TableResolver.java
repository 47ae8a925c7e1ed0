package io.cairn.sql.plan;

import io.cairn.sql.exec.TableSource;

/**
 * Resolves the tables a query names, database by database, when the planner needs them (lazily:
 * a query only touches the tables it names). Names are matched case-insensitively by the
 * implementation. Implementations answer for one statement and need not be thread-safe.
 */
public interface TableResolver {

  /** Whether database {@code db} exists. */
  boolean hasDatabase(String db);

  /** The table or view {@code name} of database {@code db}, or null if there is none. */
  TableSource table(String db, String name);
}
