package io.cairn.sql.ddl;

import io.cairn.codec.TableCodec;
import io.cairn.kv.Storage;
import io.cairn.kv.Transaction;
import io.cairn.kv.WriteConflictException;
import io.cairn.sql.catalog.AutoIdAllocator;
import io.cairn.sql.catalog.Catalog;
import io.cairn.sql.catalog.ColumnDefault;
import io.cairn.sql.catalog.ColumnInfo;
import io.cairn.sql.catalog.Collations;
import io.cairn.sql.catalog.DatabaseInfo;
import io.cairn.sql.catalog.IndexInfo;
import io.cairn.sql.catalog.InfoSchema;
import io.cairn.sql.catalog.MetaKeys;
import io.cairn.sql.catalog.MetaStore;
import io.cairn.sql.catalog.SchemaState;
import io.cairn.sql.catalog.SqlError;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.catalog.ViewInfo;
import io.cairn.sql.session.SqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The DDL operations. Each schema change is one KV transaction that rewrites the changed
 * meta keys and bumps the schema version ({@link MetaStore#bumpSchemaVersion}), committed
 * through {@link Catalog#commitSchemaChange} so that no transaction that resolved its tables
 * under the old version can commit writes to a changed table afterwards.
 *
 * <p>CREATE INDEX is online: the index goes DELETE_ONLY → WRITE_ONLY → WRITE_REORG (each one
 * schema version), existing rows are backfilled in batches of {@code backfillBatchSize} rows
 * per transaction while other transactions keep writing, and the index turns PUBLIC (readable)
 * last. A unique index whose backfill finds a duplicate is removed again and the call fails
 * with 1062. Dropping a table or index removes it from the catalog first and then deletes its
 * keys in batches of {@code deleteBatchSize} ({@link RangeDeleter}).
 *
 * <p>ADD COLUMN and DROP COLUMN are single-step: rows are stored by column id, so an added
 * column reads as its default in old rows and a dropped column's values are simply ignored.
 *
 * <p>Errors are {@link SqlException}s with MySQL's numbers. Thread-safe: DDLs of one {@code
 * Ddl} run one at a time; DDLs from different servers serialize through write conflicts on the
 * schema version key and are retried.
 */
public final class Ddl {

  private static final int MAX_CONFLICT_RETRIES = 100;

  private final Catalog catalog;
  private final Storage storage;
  private final AutoIdAllocator ids;
  private final IndexBackfill backfill;
  private final RangeDeleter deleter;
  private final Object ddlLock = new Object();

  public Ddl(Catalog catalog, AutoIdAllocator ids, int backfillBatchSize, int deleteBatchSize) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.storage = catalog.storage();
    this.ids = Objects.requireNonNull(ids, "ids");
    this.backfill = new IndexBackfill(storage, backfillBatchSize);
    this.deleter = new RangeDeleter(storage, deleteBatchSize);
  }

  // ---- databases ----

  /** CREATE DATABASE [IF NOT EXISTS] with the default character set and collation. */
  public void createDatabase(String name, boolean ifNotExists) {
    createDatabase(name, Collations.DEFAULT_CHARSET, Collations.DEFAULT_COLLATION, ifNotExists);
  }

  public void createDatabase(String name, String charset, String collation,
      boolean ifNotExists) {
    TableBuilder.checkIdentifier(name);
    if (!Collations.isKnownCharset(charset)) {
      throw SqlError.UNKNOWN_CHARACTER_SET.exception(charset);
    }
    if (!Collations.isKnown(collation)) {
      throw SqlError.UNKNOWN_COLLATION.exception(collation);
    }
    schemaChange(txn -> {
      InfoSchema is = MetaStore.load(txn);
      if (is.database(name).isPresent()) {
        if (ifNotExists) {
          return null;
        }
        throw SqlError.DB_CREATE_EXISTS.exception(name);
      }
      long id = MetaStore.allocateGlobalIds(txn, 1);
      MetaStore.putDatabase(txn, new DatabaseInfo(id, name, charset, collation));
      return List.of();
    });
  }

  /** DROP DATABASE [IF EXISTS]: the database, its tables and views, and their data. */
  public void dropDatabase(String name, boolean ifExists) {
    schemaChange(txn -> {
      InfoSchema is = MetaStore.load(txn);
      DatabaseInfo db = is.database(name).orElse(null);
      if (db == null) {
        if (ifExists) {
          return null;
        }
        throw SqlError.DB_DROP_EXISTS.exception(name);
      }
      List<Long> changed = new ArrayList<>();
      List<byte[][]> ranges = new ArrayList<>();
      for (TableInfo t : is.tables(db.name())) {
        removeTable(txn, t, ranges);
        changed.add(t.id());
      }
      MetaStore.deleteDatabase(txn, db.id());
      recordDeletes(txn, ranges);
      return changed;
    });
    deleter.runPending();
  }

  // ---- tables ----

  /** CREATE TABLE [IF NOT EXISTS]. */
  public void createTable(TableDefinition def, boolean ifNotExists) {
    schemaChange(txn -> {
      InfoSchema is = MetaStore.load(txn);
      DatabaseInfo db = is.requireDatabase(def.db());
      if (is.table(def.db(), def.name()).isPresent()) {
        if (ifNotExists) {
          return null;
        }
        throw SqlError.TABLE_EXISTS.exception(def.name());
      }
      long id = MetaStore.allocateGlobalIds(txn, 1);
      TableInfo table = TableBuilder.build(def, db, id);
      MetaStore.putTable(txn, table);
      return List.of(id);
    });
  }

  /** DROP TABLE [IF EXISTS]: the table and, in batches afterwards, its rows and indexes. */
  public void dropTable(String dbName, String name, boolean ifExists) {
    schemaChange(txn -> {
      InfoSchema is = MetaStore.load(txn);
      TableInfo t = is.table(dbName, name).filter(x -> !x.isView()).orElse(null);
      if (t == null) {
        if (ifExists) {
          return null;
        }
        throw SqlError.BAD_TABLE.exception(dbName + "." + name);
      }
      List<byte[][]> ranges = new ArrayList<>();
      removeTable(txn, t, ranges);
      recordDeletes(txn, ranges);
      return List.of(t.id());
    });
    deleter.runPending();
  }

  /**
   * TRUNCATE TABLE: the table gets a new id (so its old keys are unreachable at once and
   * AUTO_INCREMENT starts again), and the old id's keys are deleted in batches.
   */
  public void truncateTable(String dbName, String name) {
    schemaChange(txn -> {
      TableInfo t = requireBaseTable(MetaStore.load(txn), dbName, name);
      long newId = MetaStore.allocateGlobalIds(txn, 1);
      List<byte[][]> ranges = new ArrayList<>();
      removeTable(txn, t, ranges);
      MetaStore.putTable(txn, t.withId(newId));
      recordDeletes(txn, ranges);
      return List.of(t.id(), newId);
    });
    deleter.runPending();
  }

  /** RENAME TABLE (also to another database); works for views too. */
  public void renameTable(String dbName, String name, String newDbName, String newName) {
    TableBuilder.checkIdentifier(newName);
    schemaChange(txn -> {
      InfoSchema is = MetaStore.load(txn);
      is.requireDatabase(dbName);
      TableInfo t = is.table(dbName, name)
          .orElseThrow(() -> SqlError.NO_SUCH_TABLE.exception(dbName, name));
      DatabaseInfo target = is.requireDatabase(newDbName);
      if (is.table(newDbName, newName).filter(x -> x.id() != t.id()).isPresent()) {
        throw SqlError.TABLE_EXISTS.exception(newName);
      }
      MetaStore.deleteTable(txn, t.dbId(), t.id());
      MetaStore.putTable(txn, t.withName(newName).withDb(target.id()));
      return List.of(t.id());
    });
  }

  // ---- columns ----

  /** ALTER TABLE ADD COLUMN after the last column. */
  public void addColumn(String dbName, String tableName, ColumnDefinition def) {
    addColumn(dbName, tableName, def, ColumnPosition.LAST);
  }

  /**
   * ALTER TABLE ADD COLUMN [FIRST | AFTER c]. Only the catalog changes: rows written earlier
   * read the column's default (or NULL / the type's zero value without one), and the position
   * is only the column's offset (rows are stored by column id).
   */
  public void addColumn(String dbName, String tableName, ColumnDefinition def,
      ColumnPosition position) {
    if (def.primaryKey() || def.unique() || def.autoIncrement()) {
      throw SqlError.UNSUPPORTED_DDL.exception(
          "add column '" + def.name() + "' with PRIMARY KEY, UNIQUE or AUTO_INCREMENT");
    }
    if (def.defaultValue() instanceof ColumnDefault.CurrentTimestamp) {
      throw SqlError.UNSUPPORTED_DDL.exception(
          "add column '" + def.name() + "' with DEFAULT CURRENT_TIMESTAMP");
    }
    schemaChange(txn -> {
      TableInfo t = requireBaseTable(MetaStore.load(txn), dbName, tableName);
      if (t.column(def.name()).isPresent()) {
        throw SqlError.DUP_FIELDNAME.exception(def.name());
      }
      long id = t.maxColumnId() + 1;
      int at = t.columns().size();
      if (position.first()) {
        at = 0;
      } else if (position.after() != null) {
        at = t.column(position.after())
            .orElseThrow(() -> SqlError.BAD_FIELD.exception(position.after(), t.name()))
            .offset() + 1;
      }
      ColumnInfo c = TableBuilder.column(def, id, at, t.collation(), false);
      List<ColumnInfo> cols = new ArrayList<>(t.columns());
      cols.add(at, c);
      MetaStore.putTable(txn, t.withColumns(cols, id));
      return List.of(t.id());
    });
  }

  /**
   * ALTER TABLE DROP COLUMN. One-column indexes on it are dropped with it (as MySQL does); a
   * column of the primary key or of a multi-column index is refused (8200, as TiDB).
   */
  public void dropColumn(String dbName, String tableName, String column) {
    schemaChange(txn -> {
      TableInfo t = requireBaseTable(MetaStore.load(txn), dbName, tableName);
      ColumnInfo c = t.column(column)
          .orElseThrow(() -> SqlError.CANT_DROP_FIELD_OR_KEY.exception(column));
      if (t.columns().size() == 1) {
        throw SqlError.CANT_REMOVE_ALL_FIELDS.exception();
      }
      List<byte[][]> ranges = new ArrayList<>();
      List<IndexInfo> keep = new ArrayList<>();
      for (IndexInfo i : t.indexes()) {
        if (!i.covers(c.name())) {
          keep.add(i);
        } else if (i.primary() || i.columns().size() > 1) {
          throw SqlError.UNSUPPORTED_DDL.exception("drop column " + c.name()
              + " covered by the primary key or a multi-column index (" + i.name() + ")");
        } else {
          ranges.add(range(TableCodec.indexRange(t.id(), i.id())));
        }
      }
      List<ColumnInfo> cols = t.columns().stream().filter(x -> x.id() != c.id()).toList();
      TableInfo changed = t.withColumns(cols, t.maxColumnId()).withIndexes(keep, t.maxIndexId());
      MetaStore.putTable(txn, changed);
      recordDeletes(txn, ranges);
      return List.of(t.id());
    });
    deleter.runPending();
  }

  // ---- indexes ----

  /**
   * CREATE [UNIQUE] INDEX / ALTER TABLE ADD INDEX, online (see the class comment).
   *
   * @throws io.cairn.sql.table.DuplicateKeyException when a unique index's backfill finds
   *     two rows with the same key; the index is removed again
   */
  public void createIndex(String dbName, String tableName, IndexDefinition def) {
    if (def.primary()) {
      throw SqlError.UNSUPPORTED_DDL.exception("add primary key to an existing table");
    }
    // The whole build holds the DDL lock (it is reentrant), so no other DDL of this server
    // changes the table between the steps.
    synchronized (ddlLock) {
      long[] ref = new long[2];
      schemaChange(txn -> {
        TableInfo t = requireBaseTable(MetaStore.load(txn), dbName, tableName);
        long id = t.maxIndexId() + 1;
        IndexInfo index =
            TableBuilder.index(def, t.columns(), t.indexes(), id, SchemaState.DELETE_ONLY);
        List<IndexInfo> all = new ArrayList<>(t.indexes());
        all.add(index);
        MetaStore.putTable(txn, t.withIndexes(all, id));
        ref[0] = t.id();
        ref[1] = id;
        return List.of(t.id());
      });
      setIndexState(ref[0], ref[1], SchemaState.WRITE_ONLY);
      TableInfo reorg = setIndexState(ref[0], ref[1], SchemaState.WRITE_REORG);
      try {
        IndexInfo index = reorg.indexes().stream().filter(i -> i.id() == ref[1]).findFirst()
            .orElseThrow();
        backfill.run(reorg, index);
      } catch (RuntimeException e) {
        rollBackIndex(ref[0], ref[1]);
        throw e;
      }
      setIndexState(ref[0], ref[1], SchemaState.PUBLIC);
    }
  }

  /** DROP INDEX / ALTER TABLE DROP INDEX (1091 for an unknown index). */
  public void dropIndex(String dbName, String tableName, String indexName) {
    schemaChange(txn -> {
      TableInfo t = requireBaseTable(MetaStore.load(txn), dbName, tableName);
      IndexInfo index = t.index(indexName)
          .orElseThrow(() -> SqlError.CANT_DROP_FIELD_OR_KEY.exception(indexName));
      if (index.primary() && t.pkIsHandle()) {
        throw SqlError.UNSUPPORTED_DDL.exception(
            "drop primary key when the table's pkIsHandle is true");
      }
      if (t.autoIncrementColumn().isPresent()) {
        String auto = t.autoIncrementColumn().get().name();
        boolean stillKeyed = t.indexes().stream().filter(i -> i.id() != index.id())
            .anyMatch(i -> i.columns().get(0).name().equalsIgnoreCase(auto));
        if (!stillKeyed) {
          throw SqlError.WRONG_AUTO_KEY.exception();
        }
      }
      MetaStore.putTable(txn, t.withoutIndex(index.id()));
      recordDeletes(txn, List.<byte[][]>of(range(TableCodec.indexRange(t.id(), index.id()))));
      return List.of(t.id());
    });
    deleter.runPending();
  }

  // ---- views ----

  /** CREATE [OR REPLACE] VIEW. */
  public void createView(String dbName, String name, ViewInfo view, boolean orReplace) {
    TableBuilder.checkIdentifier(name);
    schemaChange(txn -> {
      InfoSchema is = MetaStore.load(txn);
      DatabaseInfo db = is.requireDatabase(dbName);
      TableInfo existing = is.table(dbName, name).orElse(null);
      long id;
      if (existing != null) {
        if (!orReplace) {
          throw SqlError.TABLE_EXISTS.exception(name);
        }
        if (!existing.isView()) {
          throw SqlError.WRONG_OBJECT.exception(dbName, name, "VIEW");
        }
        id = existing.id();
      } else {
        id = MetaStore.allocateGlobalIds(txn, 1);
      }
      MetaStore.putTable(txn, new TableInfo(id, db.id(),
          existing != null ? existing.name() : name, List.of(), List.of(), false, db.charset(),
          db.collation(), "", 1, 0, 0, SchemaState.PUBLIC, view));
      return List.of(id);
    });
  }

  /** DROP VIEW [IF EXISTS]. */
  public void dropView(String dbName, String name, boolean ifExists) {
    schemaChange(txn -> {
      InfoSchema is = MetaStore.load(txn);
      TableInfo t = is.table(dbName, name).orElse(null);
      if (t == null) {
        if (ifExists) {
          return null;
        }
        throw SqlError.BAD_TABLE.exception(dbName + "." + name);
      }
      if (!t.isView()) {
        throw SqlError.WRONG_OBJECT.exception(dbName, name, "VIEW");
      }
      MetaStore.deleteTable(txn, t.dbId(), t.id());
      return List.of(t.id());
    });
  }

  /**
   * Removes indexes whose creation an earlier run left unfinished (not PUBLIC), with their
   * entries. Call at startup while no other server runs DDL: an index still being built
   * elsewhere would be removed under its builder, whose CREATE INDEX then fails.
   *
   * @return how many indexes were removed
   */
  public int rollBackInterruptedIndexes() {
    InfoSchema is = catalog.refresh();
    int n = 0;
    for (DatabaseInfo db : is.databases()) {
      for (TableInfo t : is.tables(db.name())) {
        for (IndexInfo i : t.indexes()) {
          if (i.state() != SchemaState.PUBLIC) {
            rollBackIndex(t.id(), i.id());
            n++;
          }
        }
      }
    }
    return n;
  }

  /** Finishes delete-range jobs left by an earlier run (call at startup). */
  public long resumePendingDeletes() {
    return deleter.runPending();
  }

  // ---- machinery ----

  private TableInfo setIndexState(long tableId, long indexId, SchemaState state) {
    TableInfo[] out = new TableInfo[1];
    schemaChange(txn -> {
      TableInfo t = tableById(txn, tableId);
      IndexInfo index = t.indexes().stream().filter(i -> i.id() == indexId).findFirst()
          .orElseThrow(() -> SqlError.UNKNOWN_ERROR.exception(
              "index " + indexId + " of table " + t.name() + " vanished during its creation"));
      out[0] = t.withIndex(index.withState(state));
      MetaStore.putTable(txn, out[0]);
      return List.of(tableId);
    });
    return out[0];
  }

  private void rollBackIndex(long tableId, long indexId) {
    schemaChange(txn -> {
      TableInfo t = tableById(txn, tableId);
      MetaStore.putTable(txn, t.withoutIndex(indexId));
      recordDeletes(txn, List.<byte[][]>of(range(TableCodec.indexRange(tableId, indexId))));
      return List.of(tableId);
    });
    deleter.runPending();
  }

  private static TableInfo tableById(Transaction txn, long tableId) {
    return MetaStore.load(txn).tableById(tableId)
        .orElseThrow(() -> SqlError.UNKNOWN_ERROR.exception(
            "table " + tableId + " was dropped during the DDL"));
  }

  private static TableInfo requireBaseTable(InfoSchema is, String db, String name) {
    TableInfo t = is.requireTable(db, name);
    if (t.isView()) {
      throw SqlError.WRONG_OBJECT.exception(db, name, "BASE TABLE");
    }
    return t;
  }

  private void removeTable(Transaction txn, TableInfo t, List<byte[][]> ranges) {
    MetaStore.deleteTable(txn, t.dbId(), t.id());
    if (!t.isView()) {
      txn.delete(MetaKeys.autoIncrement(t.id()));
      txn.delete(MetaKeys.rowId(t.id()));
      ranges.add(range(TableCodec.tableRange(t.id())));
      ids.forget(t.id());
    }
  }

  private static byte[][] range(io.cairn.codec.KeyRange r) {
    return new byte[][] {r.start(), r.end()};
  }

  private static void recordDeletes(Transaction txn, List<byte[][]> ranges) {
    if (!ranges.isEmpty()) {
      MetaStore.addDeleteRanges(txn, MetaStore.allocateGlobalIds(txn, 1), ranges);
    }
  }

  /**
   * Runs {@code body} in a fresh transaction and commits it as a schema change; {@code body}
   * returns the changed table ids, or null for "nothing to do" (IF [NOT] EXISTS). Retried on
   * write conflicts with concurrent DDL elsewhere.
   */
  private void schemaChange(Function<Transaction, List<Long>> body) {
    synchronized (ddlLock) {
      for (int attempt = 0; ; attempt++) {
        Transaction txn = storage.begin();
        try {
          List<Long> changed = body.apply(txn);
          if (changed == null) {
            txn.rollback();
            return;
          }
          MetaStore.bumpSchemaVersion(txn, changed);
          catalog.commitSchemaChange(txn);
          return;
        } catch (WriteConflictException e) {
          if (attempt >= MAX_CONFLICT_RETRIES) {
            throw e;
          }
        } finally {
          txn.close();
        }
      }
    }
  }
}
