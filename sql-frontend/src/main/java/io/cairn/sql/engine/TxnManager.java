package io.cairn.sql.engine;

import io.cairn.kv.BeginOptions;
import io.cairn.kv.KvException;
import io.cairn.kv.StagingHandle;
import io.cairn.kv.Storage;
import io.cairn.kv.Transaction;
import io.cairn.sql.catalog.Catalog;
import io.cairn.sql.catalog.InfoSchema;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The transaction of one session. An explicit transaction (BEGIN, START TRANSACTION, or any
 * statement while autocommit is off) stays open until COMMIT/ROLLBACK; otherwise each statement
 * runs in a transaction of its own that commits when it succeeds.
 *
 * <p>Each statement runs in a stage of the transaction's buffer ({@link #runStatement}): a
 * failing statement undoes only its own writes. The transaction resolves names against the
 * {@link InfoSchema} it started with and commits through {@link Catalog#commit}, which fails
 * with the retryable 8028 when a DDL changed a table it wrote in between.
 *
 * <p>Optimistic REPEATABLE READ: write conflicts surface at commit as the storage's 9007
 * (autocommit statements are retried first).
 * Not thread-safe: owned by the session.
 */
final class TxnManager {
  private final Storage storage;
  private final Catalog catalog;
  private Transaction txn;
  private InfoSchema schema;
  private boolean explicit;
  private final Set<Long> writtenTables = new HashSet<>();

  TxnManager(Storage storage, Catalog catalog) {
    this.storage = storage;
    this.catalog = catalog;
  }

  /** Whether an explicit transaction is open. */
  boolean inTransaction() {
    return txn != null && explicit;
  }

  /** Starts an explicit transaction, committing one that is open (MySQL's implicit commit). */
  void begin(boolean readOnly) {
    commit();
    schema = catalog.refresh();
    txn = storage.begin(BeginOptions.builder().readOnly(readOnly).build());
    explicit = true;
  }

  /** Commits the open transaction, if any. */
  void commit() {
    if (txn == null) {
      return;
    }
    Transaction t = txn;
    InfoSchema s = schema;
    Set<Long> written = Set.copyOf(writtenTables);
    clear();
    try {
      catalog.commit(t, s, written);
    } finally {
      t.close();
    }
  }

  /** Rolls back the open transaction, if any. */
  void rollback() {
    if (txn == null) {
      return;
    }
    Transaction t = txn;
    clear();
    t.close();
  }

  private void clear() {
    txn = null;
    schema = null;
    explicit = false;
    writtenTables.clear();
  }

  /** The catalog version statements resolve names against: the transaction's, or the newest. */
  InfoSchema schema() {
    return txn != null ? schema : catalog.refresh();
  }

  /** The open transaction, or null. */
  Transaction current() {
    return txn;
  }

  /** Records that the transaction wrote {@code tableId} (for the commit-time schema check). */
  void wrote(long tableId) {
    writtenTables.add(tableId);
  }

  /** How many times an autocommit statement runs before a retryable commit failure reaches the client. */
  static final int AUTOCOMMIT_ATTEMPTS = 3;

  /**
   * Runs one statement in the open transaction, or in a new one: kept open afterwards when
   * {@code autocommit} is off, committed otherwise. The statement's writes are staged and
   * undone if it fails; a failing autocommit statement rolls its transaction back. An
   * autocommit statement whose commit fails with a retryable error (a write conflict, a
   * crossing schema change) runs again in a new transaction, up to {@link
   * #AUTOCOMMIT_ATTEMPTS} times in all: the statement is the whole transaction, so nothing the
   * client saw is lost.
   */
  <T> T runStatement(boolean autocommit, Supplier<T> body) {
    for (int attempt = 1; ; attempt++) {
      boolean own = txn == null && autocommit;
      if (txn == null) {
        schema = catalog.refresh();
        txn = storage.begin();
        explicit = !autocommit;
      }
      StagingHandle stage = txn.memBuffer().staging();
      T result;
      try {
        result = body.get();
        txn.memBuffer().release(stage);
      } catch (RuntimeException | Error e) {
        if (txn != null && txn.isValid()) {
          txn.memBuffer().cleanup(stage);
        }
        if (!explicit) {
          rollback();
        }
        throw e;
      }
      if (explicit) {
        return result;
      }
      try {
        commit();
        return result;
      } catch (KvException e) {
        if (!own || !e.retryable() || attempt >= AUTOCOMMIT_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

}
