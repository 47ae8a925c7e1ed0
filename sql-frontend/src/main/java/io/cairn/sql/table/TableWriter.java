package io.cairn.sql.table;

import io.cairn.kv.Getter;
import io.cairn.kv.Key;
import io.cairn.kv.Transaction;
import io.cairn.sql.catalog.AutoIdAllocator;
import io.cairn.sql.catalog.ColumnDefault;
import io.cairn.sql.catalog.ColumnInfo;
import io.cairn.sql.catalog.IndexInfo;
import io.cairn.sql.catalog.SqlError;
import io.cairn.sql.catalog.TableInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Writes rows and maintains every index of a table in a caller's transaction: the storage side
 * of INSERT, UPDATE and DELETE. Checks NOT NULL (1048), missing defaults (1364, strict mode),
 * value ranges ({@link ValueChecker}: 1264, 1406) and unique keys ({@link
 * DuplicateKeyException}, 1062), allocates AUTO_INCREMENT values and hidden row ids.
 *
 * <p><b>Index states.</b> Entries are added for indexes in WRITE_ONLY, WRITE_REORG and PUBLIC
 * (with unique checks), and removed for indexes in every state, DELETE_ONLY included — the
 * online schema change protocol ({@link io.cairn.sql.catalog.SchemaState}).
 *
 * <p><b>Rows.</b> Rows are {@code Object[]} in the table's column offset order holding the
 * values {@link io.cairn.sql.catalog.SqlType} lists. In an insert, {@link #DEFAULT} marks a
 * column the statement did not give (or gave as {@code DEFAULT}).
 *
 * <p><b>Uniqueness.</b> Checks read through the caller's transaction (its own writes over its
 * reads). In an optimistic transaction a concurrent transaction inserting the same key writes
 * the same index key, so one of the two fails at commit with a write conflict. In a pessimistic
 * one the caller passes a view that reads current values and locks the keys written when the
 * statement ends ({@code engine.LockingStatementView}); a key committed meanwhile sends the
 * statement round again, and the check then sees it. The writer does not
 * stage the buffer: a failed call may have written part of its keys, and the caller's
 * statement stage undoes them.
 *
 * <p>Thread-safe (stateless apart from the shared allocator); the transaction is not.
 */
public final class TableWriter {

  /** Marks a column whose value an INSERT leaves to the column's default. */
  public static final Object DEFAULT = new Object() {
    @Override
    public String toString() {
      return "DEFAULT";
    }
  };

  private final AutoIdAllocator ids;

  public TableWriter(AutoIdAllocator ids) {
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  /** The outcome of an insert: the row's handle and the full row as written. */
  public record InsertResult(long handle, Object[] row) {}

  /**
   * Inserts a row.
   *
   * @param values one per column of {@code table} (offset order), {@link #DEFAULT} for the
   *     column's default; AUTO_INCREMENT columns also generate a value for NULL and 0
   * @throws DuplicateKeyException when the primary key or a unique key exists (the
   *     transaction's buffer is unchanged then)
   */
  public InsertResult insert(Transaction txn, TableInfo table, Object[] values,
      WriteContext ctx) {
    Object[] row = completeRow(table, values, ctx);
    long handle = table.pkIsHandle() ? RecordFormat.handleOf(table, row)
        : ids.nextRowId(table);
    Getter reader = checkReader(txn, table, row, handle, table.pkIsHandle());
    Optional<DuplicateKeyException> dup = findDuplicate(reader, table, row, handle);
    if (dup.isPresent()) {
      throw dup.get();
    }
    txn.set(RecordFormat.recordKey(table, handle), RecordFormat.encode(table, row));
    for (IndexInfo index : table.storedIndexes()) {
      if (index.state().isWritable()) {
        IndexEntry e = IndexEntry.of(table, index, row, handle);
        txn.set(e.key(), e.value());
      }
    }
    return new InsertResult(handle, row);
  }

  /**
   * Applies defaults, AUTO_INCREMENT and the NOT NULL / range checks to an insert's values,
   * without writing: the full row {@link #insert} would write. INSERT ... ON DUPLICATE KEY
   * UPDATE and REPLACE use it with {@link #findDuplicate} to find the row in the way.
   */
  public Object[] completeRow(TableInfo table, Object[] values, WriteContext ctx) {
    requireTable(table);
    List<ColumnInfo> columns = table.columns();
    if (values.length != columns.size()) {
      throw new IllegalArgumentException(
          values.length + " values for " + columns.size() + " columns of " + table.name());
    }
    Object[] row = new Object[values.length];
    for (ColumnInfo c : columns) {
      Object v = values[c.offset()];
      if (c.autoIncrement()) {
        if (v == DEFAULT || v == null || Long.valueOf(0).equals(v)) {
          v = ids.nextAutoIncrement(table);
          ctx.autoIdGenerated((Long) v);
        } else if (v instanceof Long l && l > 0) {
          ids.rebase(table.id(), AutoIdAllocator.Kind.AUTO_INCREMENT, l);
        }
      } else if (v == DEFAULT) {
        v = defaultOf(c, ctx);
      }
      row[c.offset()] = checkValue(c, v, ctx);
    }
    return row;
  }

  /**
   * The first unique key of {@code row} (with handle {@code handle}) that another row already
   * holds, seen through {@code reader} (the transaction).
   */
  public Optional<DuplicateKeyException> findDuplicate(Getter reader, TableInfo table,
      Object[] row, long handle) {
    if (table.pkIsHandle() && reader.get(RecordFormat.recordKey(table, handle)) != null) {
      ColumnInfo pk = table.handleColumn().orElseThrow();
      return Optional.of(new DuplicateKeyException(Values.toText(pk.type(), handle),
          table.name() + "." + IndexInfo.PRIMARY_NAME, handle));
    }
    for (IndexInfo index : table.storedIndexes()) {
      if (!index.unique() || !index.state().isWritable()) {
        continue;
      }
      IndexEntry e = IndexEntry.of(table, index, row, handle);
      Optional<DuplicateKeyException> d = duplicateOf(reader, table, index, e, handle, handle);
      if (d.isPresent()) {
        return d;
      }
    }
    return Optional.empty();
  }

  /**
   * Replaces the row {@code oldRow} stored under {@code handle} by {@code newRow}. Index
   * entries change only where their values (or the handle) change; a changed integer primary
   * key moves the row to a new handle. ON UPDATE CURRENT_TIMESTAMP columns whose value the
   * update left unchanged take the statement time when anything else changed.
   *
   * @param oldRow the row as read in this transaction
   * @param newRow the full new row
   * @return the row's handle after the update
   * @throws DuplicateKeyException when the new row collides with another row's unique key
   */
  public long update(Transaction txn, TableInfo table, long handle, Object[] oldRow,
      Object[] newRow, WriteContext ctx) {
    requireTable(table);
    if (newRow.length != table.columns().size() || oldRow.length != newRow.length) {
      throw new IllegalArgumentException("rows must have one value per column of "
          + table.name());
    }
    if (Values.sameRow(oldRow, newRow)) {
      return handle;
    }
    Object[] row = newRow.clone();
    for (ColumnInfo c : table.columns()) {
      Object v = row[c.offset()];
      if (c.onUpdateCurrentTimestamp() && Values.same(v, oldRow[c.offset()])) {
        v = ctx.now(c.type().columnType().timeType(), c.type().scale());
      }
      row[c.offset()] = checkValue(c, v, ctx);
      if (c.autoIncrement() && v instanceof Long l && l > 0
          && !Values.same(v, oldRow[c.offset()])) {
        ids.rebase(table.id(), AutoIdAllocator.Kind.AUTO_INCREMENT, l);
      }
    }
    long newHandle = table.pkIsHandle() ? RecordFormat.handleOf(table, row) : handle;
    Getter reader = checkReader(txn, table, row, newHandle, true);
    if (newHandle != handle && reader.get(RecordFormat.recordKey(table, newHandle)) != null) {
      ColumnInfo pk = table.handleColumn().orElseThrow();
      throw new DuplicateKeyException(Values.toText(pk.type(), newHandle),
          table.name() + "." + IndexInfo.PRIMARY_NAME, newHandle);
    }
    List<IndexEntry[]> changes = new ArrayList<>();
    for (IndexInfo index : table.storedIndexes()) {
      IndexEntry oldEntry = IndexEntry.of(table, index, oldRow, handle);
      IndexEntry newEntry =
          index.state().isWritable() ? IndexEntry.of(table, index, row, newHandle) : null;
      if (newEntry != null && oldEntry.sameAs(newEntry)) {
        continue;
      }
      if (newEntry != null && newEntry.distinct()) {
        Optional<DuplicateKeyException> d =
            duplicateOf(reader, table, index, newEntry, handle, newHandle);
        if (d.isPresent()) {
          throw d.get();
        }
      }
      changes.add(new IndexEntry[] {oldEntry, newEntry});
    }
    if (newHandle != handle) {
      txn.delete(RecordFormat.recordKey(table, handle));
    }
    txn.set(RecordFormat.recordKey(table, newHandle), RecordFormat.encode(table, row));
    for (IndexEntry[] change : changes) {
      if (change[1] == null || !change[0].key().equals(change[1].key())) {
        txn.delete(change[0].key());
      }
      if (change[1] != null) {
        txn.set(change[1].key(), change[1].value());
      }
    }
    return newHandle;
  }

  /** Deletes the row {@code row} stored under {@code handle} and all its index entries. */
  public void delete(Transaction txn, TableInfo table, long handle, Object[] row) {
    requireTable(table);
    txn.delete(RecordFormat.recordKey(table, handle));
    for (IndexInfo index : table.storedIndexes()) {
      txn.delete(IndexEntry.of(table, index, row, handle).key());
    }
  }

  /**
   * The reader unique checks use, with the keys they will read fetched in one
   * {@link Transaction#batchGet} (buffer over the transaction's reads).
   */
  private static Getter checkReader(Transaction txn, TableInfo table, Object[] row,
      long handle, boolean recordKey) {
    Set<Key> keys = new LinkedHashSet<>();
    if (recordKey) {
      keys.add(RecordFormat.recordKey(table, handle));
    }
    for (IndexInfo index : table.storedIndexes()) {
      if (index.unique() && index.state().isWritable()) {
        IndexEntry e = IndexEntry.of(table, index, row, handle);
        if (e.distinct()) {
          keys.add(e.key());
        }
      }
    }
    if (keys.isEmpty()) {
      return txn;
    }
    Map<Key, byte[]> fetched = txn.batchGet(keys);
    return key -> keys.contains(key) ? fetched.get(key) : txn.get(key);
  }

  private Optional<DuplicateKeyException> duplicateOf(Getter reader, TableInfo table,
      IndexInfo index, IndexEntry entry, long ownOldHandle, long ownNewHandle) {
    if (!entry.distinct()) {
      return Optional.empty();
    }
    byte[] existing = reader.get(entry.key());
    if (existing == null) {
      return Optional.empty();
    }
    long other = IndexEntry.decodeHandle(existing);
    if (other == ownOldHandle || other == ownNewHandle) {
      return Optional.empty();
    }
    return Optional.of(new DuplicateKeyException(
        Values.toText(IndexEntry.sqlTypes(table, index), entry.values()),
        table.name() + "." + index.name(), other));
  }

  private static Object defaultOf(ColumnInfo c, WriteContext ctx) {
    return switch (c.defaultValue()) {
      case ColumnDefault.Literal l -> l.value();
      case ColumnDefault.CurrentTimestamp ct ->
          ctx.now(c.type().columnType().timeType(), c.type().scale());
      case ColumnDefault.None n -> {
        if (c.nullable()) {
          yield null;
        }
        if (ctx.strict()) {
          throw SqlError.NO_DEFAULT_FOR_FIELD.exception(c.name());
        }
        yield Values.zeroValue(c.type());
      }
    };
  }

  private static Object checkValue(ColumnInfo c, Object v, WriteContext ctx) {
    if (v == null) {
      if (!c.nullable()) {
        throw SqlError.BAD_NULL.exception(c.name());
      }
      return null;
    }
    return ValueChecker.check(c, v, ctx.rowNumber());
  }

  private static void requireTable(TableInfo table) {
    if (table.isView()) {
      throw SqlError.UNSUPPORTED_DDL.exception("writing to view " + table.name());
    }
  }

  /** The record key of a row; for callers that lock rows before writing them. */
  public static Key recordKey(TableInfo table, long handle) {
    return RecordFormat.recordKey(table, handle);
  }
}
