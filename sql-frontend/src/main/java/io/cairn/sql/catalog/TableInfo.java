package io.cairn.sql.catalog;

import io.cairn.sql.session.ColumnMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table or a view. Immutable: a DDL makes a new {@code TableInfo} with the next schema
 * version.
 *
 * <p><b>Row handle.</b> When the primary key is one integer column ({@code pkIsHandle}), its
 * value is the row handle and the key is not stored as an index (clustered). Every other table
 * gets a hidden handle, {@code _tidb_rowid}, allocated per table; its primary key, if any, is a
 * unique index named {@code PRIMARY}.
 *
 * <p>{@code columns} holds every column in its offset order, PUBLIC or not; {@code indexes}
 * every index in any state. {@code maxColumnId} and {@code maxIndexId} are the largest ids
 * ever used, so dropped ids are never reused. A view ({@code view != null}) has no columns or
 * indexes of its own.
 *
 * @param autoIncrementBase the table option {@code AUTO_INCREMENT = n}: the first value the
 *     allocator hands out (1 by default)
 * @param comment never null
 */
public record TableInfo(
    long id,
    long dbId,
    String name,
    List<ColumnInfo> columns,
    List<IndexInfo> indexes,
    boolean pkIsHandle,
    String charset,
    String collation,
    String comment,
    long autoIncrementBase,
    long maxColumnId,
    long maxIndexId,
    SchemaState state,
    ViewInfo view) {

  /** The name of the hidden row id of tables without an integer primary key. */
  public static final String HIDDEN_ROW_ID = "_tidb_rowid";

  public TableInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(charset, "charset");
    Objects.requireNonNull(collation, "collation");
    Objects.requireNonNull(comment, "comment");
    Objects.requireNonNull(state, "state");
    columns = List.copyOf(columns);
    indexes = List.copyOf(indexes);
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).offset() != i) {
        throw new IllegalArgumentException(
            "column " + columns.get(i).name() + " has offset " + columns.get(i).offset()
                + " at position " + i);
      }
    }
    if (pkIsHandle && handleColumnIndex(columns, indexes) < 0) {
      throw new IllegalArgumentException("pkIsHandle without a one-column integer primary key");
    }
  }

  private static int handleColumnIndex(List<ColumnInfo> columns, List<IndexInfo> indexes) {
    for (IndexInfo idx : indexes) {
      if (idx.primary() && idx.columns().size() == 1) {
        for (ColumnInfo c : columns) {
          if (c.hasName(idx.columns().get(0).name()) && c.type().kind().isInteger()) {
            return c.offset();
          }
        }
      }
    }
    return -1;
  }

  public boolean isView() {
    return view != null;
  }

  public boolean hasName(String other) {
    return name.equalsIgnoreCase(other);
  }

  /** Tables whose handle is the hidden {@code _tidb_rowid}. */
  public boolean hasHiddenRowId() {
    return !pkIsHandle && !isView();
  }

  /** The PUBLIC columns in offset order: what queries see. */
  public List<ColumnInfo> publicColumns() {
    return columns.stream().filter(c -> c.state() == SchemaState.PUBLIC).toList();
  }

  /** A column by name (case-insensitive), in any state. */
  public Optional<ColumnInfo> column(String columnName) {
    return columns.stream().filter(c -> c.hasName(columnName)).findFirst();
  }

  /** A column by name that must exist. */
  public ColumnInfo requireColumn(String columnName) {
    return column(columnName)
        .orElseThrow(() -> new IllegalArgumentException(
            "table " + name + " has no column " + columnName));
  }

  /** An index by name (case-insensitive), in any state. */
  public Optional<IndexInfo> index(String indexName) {
    return indexes.stream().filter(i -> i.hasName(indexName)).findFirst();
  }

  /** The primary key: the handle's key or the PRIMARY unique index. */
  public Optional<IndexInfo> primaryKey() {
    return indexes.stream().filter(IndexInfo::primary).findFirst();
  }

  /** The integer primary key column that is the handle, when {@code pkIsHandle}. */
  public Optional<ColumnInfo> handleColumn() {
    return pkIsHandle ? Optional.of(columns.get(handleColumnIndex(columns, indexes)))
        : Optional.empty();
  }

  /** The AUTO_INCREMENT column, if any. */
  public Optional<ColumnInfo> autoIncrementColumn() {
    return columns.stream().filter(ColumnInfo::autoIncrement).findFirst();
  }

  /**
   * The indexes stored as KV entries (every index except a clustered primary key), in any
   * state.
   */
  public List<IndexInfo> storedIndexes() {
    if (!pkIsHandle) {
      return indexes;
    }
    return indexes.stream().filter(i -> !i.primary()).toList();
  }

  /** Stored indexes that queries may read (PUBLIC). */
  public List<IndexInfo> readableIndexes() {
    return storedIndexes().stream().filter(IndexInfo::isReadable).toList();
  }

  public TableInfo withName(String newName) {
    return new TableInfo(id, dbId, newName, columns, indexes, pkIsHandle, charset, collation,
        comment, autoIncrementBase, maxColumnId, maxIndexId, state, view);
  }

  public TableInfo withDb(long newDbId) {
    return new TableInfo(id, newDbId, name, columns, indexes, pkIsHandle, charset, collation,
        comment, autoIncrementBase, maxColumnId, maxIndexId, state, view);
  }

  /** A copy under a new table id (TRUNCATE). */
  public TableInfo withId(long newId) {
    return new TableInfo(newId, dbId, name, columns, indexes, pkIsHandle, charset, collation,
        comment, autoIncrementBase, maxColumnId, maxIndexId, state, view);
  }

  /** A copy with {@code newColumns}, re-numbering offsets in list order. */
  public TableInfo withColumns(List<ColumnInfo> newColumns, long newMaxColumnId) {
    List<ColumnInfo> renumbered = new ArrayList<>(newColumns.size());
    for (int i = 0; i < newColumns.size(); i++) {
      renumbered.add(newColumns.get(i).withOffset(i));
    }
    return new TableInfo(id, dbId, name, renumbered, indexes, pkIsHandle, charset, collation,
        comment, autoIncrementBase, newMaxColumnId, maxIndexId, state, view);
  }

  public TableInfo withIndexes(List<IndexInfo> newIndexes, long newMaxIndexId) {
    return new TableInfo(id, dbId, name, columns, newIndexes, pkIsHandle, charset, collation,
        comment, autoIncrementBase, maxColumnId, newMaxIndexId, state, view);
  }

  /** A copy with the index of the same id replaced by {@code index}. */
  public TableInfo withIndex(IndexInfo index) {
    List<IndexInfo> out = new ArrayList<>(indexes.size());
    for (IndexInfo i : indexes) {
      out.add(i.id() == index.id() ? index : i);
    }
    return withIndexes(out, maxIndexId);
  }

  /** A copy without the index whose id is {@code indexId}. */
  public TableInfo withoutIndex(long indexId) {
    return withIndexes(indexes.stream().filter(i -> i.id() != indexId).toList(), maxIndexId);
  }

  /**
   * The protocol's description of {@code column} as a result-set column selected straight
   * from this table in database {@code schema}: type, length, decimals, collation and the
   * column flags MySQL sends (NOT_NULL, PRI_KEY, UNIQUE_KEY, MULTIPLE_KEY, AUTO_INCREMENT, and
   * the type's own).
   */
  public ColumnMetadata columnMetadata(String schema, ColumnInfo column) {
    SqlType t = column.type();
    int flags = t.protocolFlags();
    if (!column.nullable()) {
      flags |= ColumnMetadata.NOT_NULL_FLAG;
    }
    if (column.autoIncrement()) {
      flags |= ColumnMetadata.AUTO_INCREMENT_FLAG;
    }
    for (IndexInfo i : indexes) {
      if (!i.isReadable() || !i.covers(column.name())) {
        continue;
      }
      if (i.primary()) {
        flags |= ColumnMetadata.PRI_KEY_FLAG;
      } else if (i.unique() && i.columns().size() == 1) {
        flags |= ColumnMetadata.UNIQUE_KEY_FLAG;
      } else if (i.columns().get(0).name().equalsIgnoreCase(column.name())) {
        flags |= ColumnMetadata.MULTIPLE_KEY_FLAG;
      }
    }
    return new ColumnMetadata(schema, name, name, column.name(), column.name(),
        t.protocolCollationId(column.collation() != null ? column.collation() : collation),
        t.displayLength(), t.mysqlType(), flags, t.protocolDecimals());
  }
}
