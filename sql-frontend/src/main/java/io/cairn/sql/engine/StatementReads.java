package io.cairn.sql.engine;

import io.cairn.kv.Client;
import io.cairn.kv.Retriever;
import io.cairn.kv.Transaction;

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

  /** Whether the storage runs coprocessor DAG requests at all (fixed for the storage's life). */
  boolean pushdownCapable();

  /**
   * The running statement's coprocessor reads, or null when it must read at the root: pushdown
   * is switched off ({@code cairn_coprocessor_pushdown}), the statement locks what it reads (a
   * current read at the for-update timestamp), or the transaction reads committed data per read
   * (READ COMMITTED). The source still checks that the transaction's own writes do not touch
   * its rows.
   */
  Pushdown pushdown();

  /**
   * A plain snapshot read of {@code txn} that the storage nodes can serve: they read at its
   * start timestamp, which shows everything but the transaction's own buffered writes.
   */
  record Pushdown(Client client, Transaction txn, int concurrency) {}
}
