package io.cairn.sql.ddl;

import io.cairn.sql.catalog.ColumnDefault;
import io.cairn.sql.catalog.ColumnInfo;
import io.cairn.sql.catalog.Collations;
import io.cairn.sql.catalog.DatabaseInfo;
import io.cairn.sql.catalog.IndexColumn;
import io.cairn.sql.catalog.IndexInfo;
import io.cairn.sql.catalog.SchemaState;
import io.cairn.sql.catalog.SqlError;
import io.cairn.sql.catalog.SqlType;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.catalog.TypeKind;
import io.cairn.sql.session.SqlException;
import io.cairn.sql.table.ValueChecker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns definitions into schema objects, with MySQL's checks and errors. Stateless.
 */
final class TableBuilder {

  static final int MAX_IDENTIFIER_LENGTH = 64;

  private TableBuilder() {}

  static void checkIdentifier(String name) {
    if (name.isEmpty() || name.length() > MAX_IDENTIFIER_LENGTH) {
      throw SqlError.TOO_LONG_IDENT.exception(name);
    }
  }

  /** Builds a new table with id {@code tableId} in {@code db}. */
  static TableInfo build(TableDefinition def, DatabaseInfo db, long tableId) {
    checkIdentifier(def.name());
    if (def.columns().isEmpty()) {
      throw SqlError.TABLE_MUST_HAVE_COLUMNS.exception();
    }
    String charset = def.charset() != null ? def.charset() : db.charset();
    if (!Collations.isKnownCharset(charset)) {
      throw SqlError.UNKNOWN_CHARACTER_SET.exception(charset);
    }
    String collation = def.collation() != null ? def.collation()
        : def.charset() != null ? Collations.defaultCollation(charset) : db.collation();
    if (!Collations.isKnown(collation)) {
      throw SqlError.UNKNOWN_COLLATION.exception(collation);
    }

    // Primary key: inline or table-level, at most one.
    List<IndexDefinition> indexDefs = new ArrayList<>();
    Set<String> pkColumns = new HashSet<>();
    for (ColumnDefinition c : def.columns()) {
      if (c.primaryKey()) {
        indexDefs.add(IndexDefinition.primaryKey(c.name()));
      }
    }
    for (ColumnDefinition c : def.columns()) {
      if (c.unique()) {
        indexDefs.add(IndexDefinition.uniqueIndex(null, c.name()));
      }
    }
    indexDefs.addAll(def.indexes());
    // MySQL lists the primary key first whatever the declaration order.
    indexDefs.sort(java.util.Comparator.comparing(d -> !d.primary()));
    if (indexDefs.stream().filter(IndexDefinition::primary).count() > 1) {
      throw SqlError.MULTIPLE_PRI_KEY.exception();
    }
    indexDefs.stream().filter(IndexDefinition::primary).findFirst()
        .ifPresent(pk -> pk.columns().forEach(ic -> pkColumns.add(lower(ic.name()))));

    List<ColumnInfo> columns = new ArrayList<>();
    Set<String> names = new HashSet<>();
    long columnId = 0;
    for (ColumnDefinition c : def.columns()) {
      if (!names.add(lower(c.name()))) {
        throw SqlError.DUP_FIELDNAME.exception(c.name());
      }
      boolean inPk = pkColumns.contains(lower(c.name()));
      columns.add(column(c, ++columnId, columns.size(), collation, inPk));
    }
    List<IndexInfo> indexes = new ArrayList<>();
    long indexId = 0;
    for (IndexDefinition d : indexDefs) {
      indexes.add(index(d, columns, indexes, ++indexId, SchemaState.PUBLIC));
    }
    checkAutoIncrement(columns, indexes);
    boolean pkIsHandle = indexes.stream().anyMatch(i -> i.primary() && i.columns().size() == 1
        && !i.columns().get(0).hasPrefix()
        && find(columns, i.columns().get(0).name()).type().kind().isInteger());
    return new TableInfo(tableId, db.id(), def.name(), columns, indexes, pkIsHandle, charset,
        collation, def.comment(), Math.max(1, def.autoIncrementBase()), columnId, indexId,
        SchemaState.PUBLIC, null);
  }

  /** Builds one column; {@code inPrimaryKey} columns are NOT NULL. */
  static ColumnInfo column(ColumnDefinition c, long id, int offset, String tableCollation,
      boolean inPrimaryKey) {
    checkIdentifier(c.name());
    SqlType type = c.type();
    if (inPrimaryKey && Boolean.TRUE.equals(c.nullable())) {
      throw SqlError.PRIMARY_CANT_HAVE_NULL.exception();
    }
    boolean nullable = !inPrimaryKey && !Boolean.FALSE.equals(c.nullable());
    if (c.autoIncrement()) {
      if (!type.kind().isInteger() && type.kind() != TypeKind.FLOAT
          && type.kind() != TypeKind.DOUBLE) {
        throw SqlError.WRONG_FIELD_SPEC.exception(c.name());
      }
      if (!(c.defaultValue() instanceof ColumnDefault.None)) {
        throw SqlError.INVALID_DEFAULT.exception(c.name());
      }
      nullable = false;
    }
    if (c.onUpdateCurrentTimestamp() && type.kind() != TypeKind.DATETIME
        && type.kind() != TypeKind.TIMESTAMP) {
      throw SqlError.INVALID_ON_UPDATE.exception(c.name());
    }
    String collation = null;
    if (type.kind().isText()) {
      collation = c.collation() != null ? c.collation() : tableCollation;
      if (!Collations.isKnown(collation)) {
        throw SqlError.UNKNOWN_COLLATION.exception(collation);
      }
    }
    ColumnInfo info = new ColumnInfo(id, c.name(), offset, type, nullable, c.defaultValue(),
        c.autoIncrement(), c.onUpdateCurrentTimestamp(), collation, c.comment(),
        SchemaState.PUBLIC);
    return new ColumnInfo(id, c.name(), offset, type, nullable, checkDefault(info),
        c.autoIncrement(), c.onUpdateCurrentTimestamp(), collation, c.comment(),
        SchemaState.PUBLIC);
  }

  /** The default in the column's canonical form, or 1067/1101 if it does not fit. */
  private static ColumnDefault checkDefault(ColumnInfo c) {
    switch (c.defaultValue()) {
      case ColumnDefault.None n -> {
        return n;
      }
      case ColumnDefault.CurrentTimestamp ct -> {
        if (c.type().kind() != TypeKind.DATETIME && c.type().kind() != TypeKind.TIMESTAMP) {
          throw SqlError.INVALID_DEFAULT.exception(c.name());
        }
        return ct;
      }
      case ColumnDefault.Literal l -> {
        if (l.value() == null) {
          if (!c.nullable()) {
            throw SqlError.INVALID_DEFAULT.exception(c.name());
          }
          return l;
        }
        if (c.type().kind().isLob()) {
          throw SqlError.BLOB_CANT_HAVE_DEFAULT.exception(c.name());
        }
        try {
          return ColumnDefault.of(ValueChecker.check(c, l.value(), 1));
        } catch (SqlException e) {
          throw SqlError.INVALID_DEFAULT.exception(c.name());
        }
      }
    }
  }

  /**
   * Builds an index over {@code columns} that must not clash with {@code existing} indexes;
   * a nameless index is named after its first column ({@code c}, {@code c_2}, ...).
   */
  static IndexInfo index(IndexDefinition d, List<ColumnInfo> columns, List<IndexInfo> existing,
      long id, SchemaState state) {
    if (d.columns().isEmpty()) {
      throw SqlError.UNKNOWN_ERROR.exception("an index needs at least one column");
    }
    String name;
    if (d.primary()) {
      name = IndexInfo.PRIMARY_NAME;
      if (existing.stream().anyMatch(IndexInfo::primary)) {
        throw SqlError.MULTIPLE_PRI_KEY.exception();
      }
    } else if (d.name() != null) {
      name = d.name();
      checkIdentifier(name);
      if (name.equalsIgnoreCase(IndexInfo.PRIMARY_NAME)) {
        throw SqlError.UNKNOWN_ERROR.exception("Incorrect index name '" + name + "'");
      }
      if (existing.stream().anyMatch(i -> i.hasName(d.name()))) {
        throw SqlError.DUP_KEYNAME.exception(d.name());
      }
    } else {
      String base = d.columns().get(0).name();
      name = base;
      for (int n = 2; taken(existing, name); n++) {
        name = base + "_" + n;
      }
    }
    Set<String> seen = new HashSet<>();
    List<IndexColumn> cols = new ArrayList<>();
    for (IndexColumn ic : d.columns()) {
      ColumnInfo c = columns.stream().filter(x -> x.hasName(ic.name())).findFirst()
          .orElseThrow(() -> SqlError.KEY_COLUMN_DOES_NOT_EXIST.exception(ic.name()));
      if (!seen.add(lower(c.name()))) {
        throw SqlError.DUP_FIELDNAME.exception(c.name());
      }
      SqlType t = c.type();
      boolean stringy = t.kind().isText() || t.kind().isBinary();
      if (ic.hasPrefix()) {
        if (!stringy || (t.maxLength() >= 0 && !t.kind().isLob() && ic.prefixLength() > t.length())) {
          throw SqlError.WRONG_SUB_KEY.exception();
        }
      } else if (t.kind().isLob()) {
        throw SqlError.BLOB_KEY_WITHOUT_LENGTH.exception(c.name());
      }
      cols.add(new IndexColumn(c.name(), ic.prefixLength()));
    }
    return new IndexInfo(id, name, cols, d.unique(), d.primary(), d.comment(), state);
  }

  private static boolean taken(List<IndexInfo> existing, String name) {
    return name.equalsIgnoreCase(IndexInfo.PRIMARY_NAME)
        || existing.stream().anyMatch(i -> i.hasName(name));
  }

  /** At most one AUTO_INCREMENT column, and it leads some index (1075). */
  static void checkAutoIncrement(List<ColumnInfo> columns, List<IndexInfo> indexes) {
    List<ColumnInfo> auto = columns.stream().filter(ColumnInfo::autoIncrement).toList();
    if (auto.size() > 1) {
      throw SqlError.WRONG_AUTO_KEY.exception();
    }
    if (auto.size() == 1) {
      String name = auto.get(0).name();
      boolean keyed = indexes.stream()
          .anyMatch(i -> i.columns().get(0).name().equalsIgnoreCase(name));
      if (!keyed) {
        throw SqlError.WRONG_AUTO_KEY.exception();
      }
    }
  }

  private static ColumnInfo find(List<ColumnInfo> columns, String name) {
    return columns.stream().filter(c -> c.hasName(name)).findFirst().orElseThrow();
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
