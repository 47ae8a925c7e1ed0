package io.cairn.sql.catalog;

import io.cairn.kv.SchemaChangedException;
import io.cairn.kv.Snapshot;
import io.cairn.kv.Storage;
import io.cairn.kv.Transaction;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The catalog of one SQL server: the newest {@link InfoSchema} it has loaded, and the
 * commit-time schema check.
 *
 * <h2>Loading</h2>
 * {@link #current()} returns the cached snapshot without I/O; {@link #refresh()} reads the
 * stored schema version and reloads the whole catalog when it is newer (a session calls it at
 * the start of each statement outside a transaction, and DDL calls it after each change).
 *
 * <h2>Schema check</h2>
 * A transaction resolves its tables against the {@code InfoSchema} it started with. If a DDL
 * changed one of the tables it writes before it commits, the commit must fail with the
 * retryable {@link SchemaChangedException}: {@link #commit} checks the stored version and the
 * schema diffs since the transaction's version, then commits. The check and the commit happen
 * under a read lock that every schema-changing commit ({@link #commitSchemaChange}) takes
 * exclusively, so no schema version can be published between a transaction's check and its
 * commit: every row written while version {@code v} is current was written by a transaction
 * that resolved its tables at {@code v}. Online index creation relies on this. The guarantee
 * covers the SQL servers sharing this {@code Catalog}; several servers on one store would need
 * TiDB's schema lease instead.
 *
 * <p>Thread-safe.
 */
public final class Catalog {

  private final Storage storage;
  private final ReentrantReadWriteLock commitLock = new ReentrantReadWriteLock(true);
  private volatile InfoSchema current = InfoSchema.empty();

  public Catalog(Storage storage) {
    this.storage = Objects.requireNonNull(storage, "storage");
  }

  public Storage storage() {
    return storage;
  }

  /** The newest loaded catalog; never null (empty before the first {@link #refresh()}). */
  public InfoSchema current() {
    return current;
  }

  /** Reloads the catalog if the stored schema version is newer; returns the current one. */
  public synchronized InfoSchema refresh() {
    Snapshot snap = storage.snapshot(storage.currentTimestamp());
    long stored = MetaStore.schemaVersion(snap);
    if (stored != current.version() || current.version() == 0) {
      current = MetaStore.load(snap);
    }
    return current;
  }

  /**
   * Throws {@link SchemaChangedException} if a DDL committed after {@code startSchema} changed
   * one of {@code tableIds} (or if the diffs since then are missing, so that it cannot tell).
   */
  public void checkSchema(InfoSchema startSchema, Collection<Long> tableIds) {
    if (tableIds.isEmpty()) {
      return;
    }
    Snapshot snap = storage.snapshot(storage.currentTimestamp());
    long stored = MetaStore.schemaVersion(snap);
    if (stored == startSchema.version()) {
      return;
    }
    Set<Long> written = new HashSet<>(tableIds);
    for (long v = startSchema.version() + 1; v <= stored; v++) {
      List<Long> changed = MetaStore.schemaDiff(snap, v);
      if (changed == null) {
        throw new SchemaChangedException();
      }
      for (long id : changed) {
        if (written.contains(id)) {
          throw new SchemaChangedException();
        }
      }
    }
  }

  /**
   * Commits a transaction that wrote the tables {@code tableIds} under {@code startSchema}:
   * {@link #checkSchema} and {@link Transaction#commit()} with no schema change in between.
   * On a schema change the transaction is rolled back and {@link SchemaChangedException} is
   * thrown.
   */
  public void commit(Transaction txn, InfoSchema startSchema, Collection<Long> tableIds) {
    commitLock.readLock().lock();
    try {
      try {
        checkSchema(startSchema, tableIds);
      } catch (SchemaChangedException e) {
        txn.rollback();
        throw e;
      }
      txn.commit();
    } finally {
      commitLock.readLock().unlock();
    }
  }

  /**
   * Commits a transaction that bumped the schema version ({@link MetaStore#bumpSchemaVersion}),
   * exclusively with respect to {@link #commit}, then reloads the catalog.
   */
  public InfoSchema commitSchemaChange(Transaction txn) {
    commitLock.writeLock().lock();
    try {
      txn.commit();
    } finally {
      commitLock.writeLock().unlock();
    }
    return refresh();
  }
}
