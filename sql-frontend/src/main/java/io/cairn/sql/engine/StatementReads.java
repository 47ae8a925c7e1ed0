package io.cairn.sql.engine;

import io.cairn.kv.Retriever;

/**
 * Where the catalog-backed tables of one session read: the running statement's transaction
 * (its writes over its snapshot), and whether the statement was cancelled. The session updates
 * it per statement; {@link CatalogTableSource}s hold it, which makes their plans session-bound.
 */
interface StatementReads {

  /** The retriever of the running statement. */
  Retriever retriever();

  /** Throws the MySQL error 1317 when the statement was cancelled (KILL QUERY). */
  void checkCancelled();
}
