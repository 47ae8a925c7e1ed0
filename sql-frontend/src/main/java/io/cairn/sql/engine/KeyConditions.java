package io.cairn.sql.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The conditions on plain columns of a single-table query's WHERE that a key access path can use
 * ({@link AccessPathAnalyzer} finds them, {@link AccessPath#choose} picks a path): each is one
 * conjunct of the top-level AND, so every row the WHERE accepts satisfies each of them. Columns
 * are keyed by lower-cased name. Immutable once built.
 *
 * @param database the table's database as written, or null for the statement's default
 * @param table the table's name as written
 * @param complete whether the conditions are the whole WHERE (every conjunct is one of them)
 * @param columnsRead the lower-cased names of every column the statement reads (the handle
 *     column {@link CatalogTableSource#HANDLE} included when selected), or null when not known
 *     (e.g. {@code SELECT *} or a name that is not obviously a column): a covering index read is
 *     chosen only when these are all in the index
 */
record KeyConditions(String database, String table, Map<String, List<Condition>> byColumn,
    boolean complete, Set<String> columnsRead) {

  /**
   * These conditions with the columns read unknown, so no covering index is chosen: a locking
   * read must read, and so lock, the rows themselves, not only their index entries.
   */
  KeyConditions rowsRequired() {
    return new KeyConditions(database, table, byColumn, complete, null);
  }


  /** A value a condition compares with: a constant, or the {@code ?} parameter of that index. */
  record ValueRef(Object constant, int param) {
    static ValueRef constant(Object v) {
      return new ValueRef(v, -1);
    }

    static ValueRef param(int index) {
      return new ValueRef(null, index);
    }

    Object value(List<Object> params) {
      return param < 0 ? constant : params.get(param);
    }
  }

  /** One usable conjunct. */
  sealed interface Condition {}

  /** {@code col = v}. */
  record Eq(ValueRef value) implements Condition {}

  /** {@code col IN (v, ...)}. */
  record In(List<ValueRef> values) implements Condition {}

  /** {@code col >= v} or {@code col > v} (or the lower end of BETWEEN). */
  record Lower(ValueRef value, boolean inclusive) implements Condition {}

  /** {@code col <= v} or {@code col < v}. */
  record Upper(ValueRef value, boolean inclusive) implements Condition {}

  /** {@code col IS NULL}. */
  record IsNull() implements Condition {}

  /**
   * {@code a OR b OR ...} where each alternative is a conjunction of conditions on this same
   * column (e.g. {@code k BETWEEN 1 AND 5 OR k = 9}).
   */
  record AnyOf(List<List<Condition>> alternatives) implements Condition {
    AnyOf {
      alternatives = alternatives.stream().map(List::copyOf).toList();
    }
  }

  List<Condition> on(String column) {
    return byColumn.getOrDefault(column.toLowerCase(Locale.ROOT), List.of());
  }

  /** Collects conditions per column. Not thread-safe. */
  static final class Builder {
    private final Map<String, List<Condition>> byColumn = new HashMap<>();
    private boolean complete = true;

    /** Notes a conjunct that is not a usable condition. */
    void skipped() {
      complete = false;
    }

    void add(String column, Condition c) {
      byColumn.computeIfAbsent(column.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(c);
    }

    boolean isEmpty() {
      return byColumn.isEmpty();
    }

    /** Every condition added so far, per lower-cased column. */
    Map<String, List<Condition>> conditions() {
      return byColumn;
    }

    /** @param columnsRead see {@link KeyConditions#columnsRead()} */
    KeyConditions build(String database, String table, Set<String> columnsRead) {
      Map<String, List<Condition>> copy = new HashMap<>();
      byColumn.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      return new KeyConditions(database, table, Map.copyOf(copy), complete,
          columnsRead == null ? null : Set.copyOf(columnsRead));
    }
  }
}
