package io.cairn.sql.engine;

import io.cairn.kv.Retriever;
import io.cairn.sql.catalog.ColumnInfo;
import io.cairn.sql.catalog.IndexColumn;
import io.cairn.sql.catalog.IndexInfo;
import io.cairn.sql.catalog.SqlType;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.engine.KeyConditions.Condition;
import io.cairn.sql.engine.KeyConditions.Eq;
import io.cairn.sql.engine.KeyConditions.In;
import io.cairn.sql.engine.KeyConditions.Lower;
import io.cairn.sql.engine.KeyConditions.Upper;
import io.cairn.sql.engine.KeyConditions.ValueRef;
import io.cairn.sql.table.TableReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * How a {@link CatalogTableSource} reads its rows when the statement's WHERE fixes or bounds a
 * key: TiDB's {@code Point_Get} / {@code Batch_Point_Get} on the integer primary-key handle or
 * on a unique index of integer columns, a handle range, or ranges of a secondary index ({@link
 * IndexRanges}) read as an index lookup (the entries' handles, then the rows by {@code
 * batchGet}, {@value #LOOKUP_BATCH} at a time) or, when the index holds every column the
 * statement reads, from the index alone (covering), instead of a full scan.
 *
 * <p>The path reads a superset of the rows the WHERE accepts, in handle order (the full scan's
 * order); the plan above still filters every row with the whole WHERE. Values are resolved per
 * execution (literals, or the {@code ?} parameters of a prepared or cached plan) with MySQL's
 * comparison rules ({@link KeyCoercion}): a value no key can equal (NULL, {@code 1.5} for an
 * integer) reads nothing, and a value whose match is not obvious (e.g. {@code '42abc'}) falls
 * back to the full scan. Immutable and thread-safe.
 */
final class AccessPath {
  /** Larger IN lists of unique keys are scanned rather than looked up one by one. */
  private static final int MAX_UNIQUE_LOOKUPS = 1024;

  private enum Kind { HANDLE_POINTS, UNIQUE_POINTS, HANDLE_RANGE, HANDLE_RANGES, INDEX_RANGE }

  private final Kind kind;
  private final TableInfo table;
  /** Key columns: the handle column, or the unique index's columns. */
  private final List<ColumnInfo> columns;
  private final IndexInfo index;
  /** Per key, one value per key column. */
  private final List<List<ValueRef>> keys;
  private final List<Lower> lows;
  private final List<Upper> highs;
  /** Index ranges: the conditions on each of {@link #columns} (a prefix of the index's columns). */
  private final List<List<Condition>> rangeConditions;
  /** Index ranges: whether the index holds every column the statement reads. */
  private final boolean covering;
  private final boolean exact;

  private AccessPath(Kind kind, TableInfo table, List<ColumnInfo> columns, IndexInfo index,
      List<List<ValueRef>> keys, List<Lower> lows, List<Upper> highs) {
    this(kind, table, columns, index, keys, lows, highs, List.of(), false);
  }

  private AccessPath(Kind kind, TableInfo table, List<ColumnInfo> columns, IndexInfo index,
      List<List<ValueRef>> keys, List<Lower> lows, List<Upper> highs,
      List<List<Condition>> rangeConditions, boolean covering) {
    this.kind = kind;
    this.table = table;
    this.columns = columns;
    this.index = index;
    this.keys = keys;
    this.lows = lows;
    this.highs = highs;
    this.rangeConditions = rangeConditions;
    this.covering = covering;
    this.exact = false;
  }

  private AccessPath(AccessPath p, boolean exact) {
    this.kind = p.kind;
    this.table = p.table;
    this.columns = p.columns;
    this.index = p.index;
    this.keys = p.keys;
    this.lows = p.lows;
    this.highs = p.highs;
    this.rangeConditions = p.rangeConditions;
    this.covering = p.covering;
    this.exact = exact;
  }

  /**
   * Whether the rows this path reads are exactly the rows the WHERE accepts: a point path whose
   * conditions were the whole WHERE, one equality or IN list per key column (an {@link
   * KeyCoercion.Exact} key equals the value for that key only, and a {@link
   * KeyCoercion.NoMatch} for none, so the keys read need no filter); or an index range path
   * whose ranges use every condition of the whole WHERE, when the resolved {@link
   * IndexKeyRanges#exact()} says the ranges came out exact too.
   */
  boolean exact() {
    return exact;
  }

  /**
   * The best key path for {@code table} under {@code conditions}: the handle by equality or IN,
   * then a unique index of integer columns fixed by equalities (one of them may be an IN), then
   * the index whose leading columns the conditions fix best ({@link #betterIndexThan}) if it
   * fixes at least one column to points, then a range of a signed integer handle, then an index
   * range on a first column; empty when none applies.
   */
  static Optional<AccessPath> choose(TableInfo table, KeyConditions conditions) {
    return choosePath(table, conditions).map(p -> new AccessPath(p, switch (p.kind) {
      case HANDLE_POINTS, UNIQUE_POINTS -> conditions.complete()
          && conditions.byColumn().size() == p.columns.size()
          && p.columns.stream().allMatch(c -> conditions.on(c.name()).size() == 1);
      case INDEX_RANGE -> conditions.complete() && conditions.byColumn().size() == p.columns.size()
          && p.columns.stream().allMatch(c -> c.type().kind().isInteger() || conditions.on(c.name())
              .stream().allMatch(x -> x instanceof KeyConditions.IsNull));
      case HANDLE_RANGE, HANDLE_RANGES -> false;
    }));
  }

  private static Optional<AccessPath> choosePath(TableInfo table, KeyConditions conditions) {
    Optional<ColumnInfo> handle = table.handleColumn();
    if (handle.isPresent()) {
      ColumnInfo h = handle.get();
      List<List<ValueRef>> points = points(conditions.on(h.name()));
      if (points != null) {
        return Optional.of(new AccessPath(Kind.HANDLE_POINTS, table, List.of(h), null, points, List.of(),
            List.of()));
      }
    }
    for (IndexInfo idx : table.indexes()) {
      Optional<AccessPath> p = unique(table, idx, conditions);
      if (p.isPresent()) {
        return p;
      }
    }
    AccessPath best = null;
    for (IndexInfo idx : table.storedIndexes()) {
      AccessPath p = indexRange(table, idx, conditions);
      if (p != null && (best == null || p.betterIndexThan(best))) {
        best = p;
      }
    }
    // An index that fixes a column beats a handle range; one that only bounds a column does not
    // (the handle range reads the rows without a lookup).
    if (best != null && best.pointColumns() > 0) {
      return Optional.of(best);
    }
    if (handle.isPresent() && !handle.get().type().unsigned()) {
      ColumnInfo h = handle.get();
      List<Condition> on = conditions.on(h.name());
      if (on.stream().anyMatch(c -> c instanceof KeyConditions.AnyOf)) {
        return Optional.of(new AccessPath(Kind.HANDLE_RANGES, table, List.of(h), null, List.of(), List.of(),
            List.of(), List.of(on), false));
      }
      List<Lower> lo = new ArrayList<>();
      List<Upper> hi = new ArrayList<>();
      for (Condition c : conditions.on(h.name())) {
        if (c instanceof Lower l) {
          lo.add(l);
        } else if (c instanceof Upper u) {
          hi.add(u);
        }
      }
      if (!lo.isEmpty() || !hi.isEmpty()) {
        return Optional.of(new AccessPath(Kind.HANDLE_RANGE, table, List.of(h), null, List.of(),
            List.copyOf(lo), List.copyOf(hi)));
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The range path over {@code idx}: the longest prefix of its columns with usable conditions,
   * ending at the first column whose conditions are not a point (=, IN, IS NULL, or an OR of
   * those); null when the first column has none.
   */
  private static AccessPath indexRange(TableInfo table, IndexInfo idx, KeyConditions conditions) {
    if (!idx.isReadable()) {
      return null;
    }
    List<ColumnInfo> cols = new ArrayList<>();
    List<List<Condition>> conds = new ArrayList<>();
    for (IndexColumn ic : idx.columns()) {
      ColumnInfo c = table.column(ic.name()).orElse(null);
      if (c == null || ic.hasPrefix()) {
        break;
      }
      List<Condition> on = IndexRanges.usable(table, c, conditions.on(c.name()));
      if (on.isEmpty()) {
        break;
      }
      cols.add(c);
      conds.add(on);
      if (!IndexRanges.pointShaped(c.type(), on)) {
        break;
      }
    }
    if (cols.isEmpty()) {
      return null;
    }
    return new AccessPath(Kind.INDEX_RANGE, table, List.copyOf(cols), idx, List.of(), List.of(), List.of(),
        List.copyOf(conds), covers(table, idx, conditions.columnsRead()));
  }

  /** Whether {@code idx} and the handle hold every column in {@code read} as the row stores it. */
  private static boolean covers(TableInfo table, IndexInfo idx, java.util.Set<String> read) {
    if (read == null) {
      return false;
    }
    Optional<ColumnInfo> handle = table.handleColumn();
    for (String name : read) {
      if (name.equalsIgnoreCase(CatalogTableSource.HANDLE)
          || handle.map(h -> h.hasName(name)).orElse(false)) {
        continue;
      }
      IndexColumn ic = idx.columns().stream().filter(x -> x.name().equalsIgnoreCase(name)).findFirst()
          .orElse(null);
      ColumnInfo c = table.column(name).orElse(null);
      if (ic == null || c == null || ic.hasPrefix() || !IndexRanges.decodesExactly(c.type())) {
        return false;
      }
    }
    return true;
  }

  /** Leading columns fixed to points. */
  private int pointColumns() {
    int n = columns.size();
    return IndexRanges.pointShaped(columns.get(n - 1).type(), rangeConditions.get(n - 1)) ? n : n - 1;
  }

  /**
   * The index choice: more leading point columns, then a range on the next column, then
   * covering, then unique, then fewer index columns (smaller entries).
   */
  private boolean betterIndexThan(AccessPath o) {
    if (pointColumns() != o.pointColumns()) {
      return pointColumns() > o.pointColumns();
    }
    if (columns.size() != o.columns.size()) {
      return columns.size() > o.columns.size();
    }
    if (covering != o.covering) {
      return covering;
    }
    if (index.unique() != o.index.unique()) {
      return index.unique();
    }
    return index.columns().size() < o.index.columns().size();
  }

  /** Keys from an equality (one key) or an IN list, or null. */
  private static List<List<ValueRef>> points(List<Condition> on) {
    for (Condition c : on) {
      if (c instanceof Eq eq) {
        return List.of(List.of(eq.value()));
      }
    }
    for (Condition c : on) {
      if (c instanceof In in) {
        return in.values().stream().map(List::of).toList();
      }
    }
    return null;
  }

  private static Optional<AccessPath> unique(TableInfo table, IndexInfo idx, KeyConditions conditions) {
    if (!idx.unique() || !idx.isReadable()) {
      return Optional.empty();
    }
    List<ColumnInfo> cols = new ArrayList<>();
    List<List<ValueRef>> perColumn = new ArrayList<>();
    boolean usedIn = false;
    for (IndexColumn ic : idx.columns()) {
      ColumnInfo c = table.column(ic.name()).orElse(null);
      if (c == null || ic.hasPrefix() || !c.type().kind().isInteger()) {
        return Optional.empty();
      }
      List<List<ValueRef>> p = points(conditions.on(c.name()));
      if (p == null) {
        return Optional.empty();
      }
      if (p.size() > 1 || conditions.on(c.name()).stream().noneMatch(x -> x instanceof Eq)) {
        if (usedIn) {
          return Optional.empty();
        }
        usedIn = true;
      }
      cols.add(c);
      perColumn.add(p.stream().map(l -> l.get(0)).toList());
    }
    List<List<ValueRef>> keys = new ArrayList<>();
    keys.add(List.of());
    for (List<ValueRef> options : perColumn) {
      List<List<ValueRef>> next = new ArrayList<>();
      for (List<ValueRef> prefix : keys) {
        for (ValueRef v : options) {
          List<ValueRef> k = new ArrayList<>(prefix);
          k.add(v);
          next.add(List.copyOf(k));
        }
      }
      keys = next;
    }
    if (keys.size() > MAX_UNIQUE_LOOKUPS) {
      return Optional.empty();
    }
    return Optional.of(new AccessPath(Kind.UNIQUE_POINTS, table, List.copyOf(cols), idx, List.copyOf(keys),
        List.of(), List.of()));
  }

  /**
   * Whether the rows {@code keys} (resolved by this path) select are exactly the rows the WHERE
   * accepts, so that they need no filter: {@link #exact()}, and for index ranges the ranges came
   * out exact.
   */
  boolean exactFor(Keys keys) {
    return exact && keys != null && !(keys instanceof IndexKeyRanges r && !r.exact());
  }

  /** The keys this execution reads, or null for a full scan. */
  Keys resolve(List<Object> params) {
    return switch (kind) {
      case HANDLE_POINTS, UNIQUE_POINTS -> resolvePoints(params);
      case HANDLE_RANGE -> resolveRange(params);
      case HANDLE_RANGES -> resolveRanges(params);
      case INDEX_RANGE -> IndexRanges.build(table, index, columns, rangeConditions, params);
    };
  }

  /** Whether the path reads ranges of handles (a table range scan, which a coprocessor can run). */
  boolean readsHandleRanges() {
    return kind == Kind.HANDLE_RANGE || kind == Kind.HANDLE_RANGES;
  }

  /** Whether the rows come from the index alone ({@link IndexRanges}): see {@link #covers}. */
  boolean covering() {
    return covering;
  }

  IndexInfo index() {
    return index;
  }

  /** Index lookups fetch rows by handle in batches of this many. */
  static final int LOOKUP_BATCH = 512;

  /**
   * Reads the resolved keys' rows, in handle order. A covering path returns the rows built from
   * the index entries ({@link TableReader#indexRows}): only the columns the statement reads are
   * filled.
   */
  List<TableReader.Row> read(TableReader reader, Retriever r, Keys keys) {
    if (keys instanceof IndexKeyRanges ranges) {
      if (covering) {
        return reader.indexRows(r, index, ranges.ranges());
      }
      long[] handles = reader.indexHandles(r, index, ranges.ranges());
      List<TableReader.Row> out = new ArrayList<>(handles.length);
      for (int i = 0; i < handles.length; i += LOOKUP_BATCH) {
        out.addAll(reader.getAll(r, Arrays.copyOfRange(handles, i, Math.min(handles.length, i + LOOKUP_BATCH))));
      }
      return out;
    }
    if (keys instanceof PointKeys p) {
      long[] handles;
      if (kind == Kind.HANDLE_POINTS) {
        handles = p.values().stream().mapToLong(k -> k[0]).toArray();
        if (r instanceof LockingStatementView view) {
          // An UPDATE or DELETE locks the rows it reads by key, found or not, as TiDB's point
          // get in DML does: no other transaction can insert a missing one meanwhile.
          List<io.cairn.kv.Key> rowKeys = new ArrayList<>(handles.length);
          for (long h : handles) {
            rowKeys.add(io.cairn.sql.table.RecordFormat.recordKey(table, h));
          }
          view.alsoLock(rowKeys);
        }
      } else {
        List<Long> found = new ArrayList<>();
        for (long[] k : p.values()) {
          List<Long> values = Arrays.stream(k).boxed().toList();
          Long h = reader.lookupUnique(r, index, values);
          if (h != null) {
            found.add(h);
          }
        }
        handles = found.stream().mapToLong(Long::longValue).toArray();
      }
      handles = Arrays.stream(handles).distinct().sorted().toArray();
      return reader.getAll(r, handles);
    }
    throw new IllegalArgumentException("not point keys: " + keys);
  }

  /** What an execution reads. */
  sealed interface Keys {}

  /** Full keys (one value per key column). */
  record PointKeys(List<long[]> values) implements Keys {}

  /** Handles in {@code [low, high]}; empty when low > high. */
  record HandleRange(long low, long high) implements Keys {}

  /** Handles in any of {@code ranges}: sorted, disjoint, none empty. */
  record HandleRanges(List<HandleRange> ranges) implements Keys {}

  /**
   * Disjoint ranges of index keys, sorted by start key.
   *
   * @param exact whether the entries in the ranges are exactly those matching every condition
   *     the ranges were built from (no condition was left for the filter)
   */
  record IndexKeyRanges(List<io.cairn.kv.KeyRange> ranges, boolean exact) implements Keys {}

  private Keys resolvePoints(List<Object> params) {
    List<long[]> out = new ArrayList<>();
    next:
    for (List<ValueRef> key : keys) {
      long[] k = new long[key.size()];
      for (int i = 0; i < k.length; i++) {
        SqlType type = columns.get(i).type();
        KeyCoercion.Result res = KeyCoercion.integerKey(key.get(i).value(params), type);
        if (res instanceof KeyCoercion.Unknown) {
          return null;
        }
        if (res instanceof KeyCoercion.NoMatch) {
          continue next;
        }
        k[i] = ((KeyCoercion.Exact) res).value();
      }
      out.add(k);
    }
    return new PointKeys(out);
  }

  private Keys resolveRange(List<Object> params) {
    long low = Long.MIN_VALUE;
    long high = Long.MAX_VALUE;
    boolean empty = false;
    for (Lower l : lows) {
      OptionalLong b = inclusiveBound(l.value().value(params), l.inclusive(), true);
      if (b == null) {
        return null;
      }
      if (b.isEmpty()) {
        empty = true;
      } else {
        low = Math.max(low, b.getAsLong());
      }
    }
    for (Upper u : highs) {
      OptionalLong b = inclusiveBound(u.value().value(params), u.inclusive(), false);
      if (b == null) {
        return null;
      }
      if (b.isEmpty()) {
        empty = true;
      } else {
        high = Math.min(high, b.getAsLong());
      }
    }
    return empty ? new HandleRange(1, 0) : new HandleRange(low, high);
  }

  /**
   * The inclusive integer bound one comparison of a handle gives ({@code lower}: {@code >} or
   * {@code >=}; otherwise {@code <} or {@code <=}): empty when it admits no handle (a NULL
   * value, or an exclusive bound at the end of the range), null when the bound is not obvious.
   */
  private static OptionalLong inclusiveBound(Object v, boolean inclusive, boolean lower) {
    if (v == null) {
      return OptionalLong.empty();
    }
    Long b = rangeBound(v);
    if (b == null) {
      return null;
    }
    if (inclusive) {
      return OptionalLong.of(b);
    }
    if (b == (lower ? Long.MAX_VALUE : Long.MIN_VALUE)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(lower ? b + 1 : b - 1);
  }

  /** The intervals of a signed handle every condition on it allows, or null when not obvious. */
  private Keys resolveRanges(List<Object> params) {
    KeyValueSet set = IndexRanges.valueSet(columns.get(0).type(), rangeConditions.get(0), params);
    if (set == null) {
      return null;
    }
    // The handle is never NULL: only the intervals can match.
    return new HandleRanges(set.intervals().stream()
        .map(iv -> new HandleRange(iv.low().longValueExact(), iv.high().longValueExact())).toList());
  }

  /** An integer bound a signed handle compares with exactly, or null when not obvious. */
  private static Long rangeBound(Object v) {
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof String) {
      KeyCoercion.Result r = KeyCoercion.integerKey(v, SqlType.bigint());
      return r instanceof KeyCoercion.Exact e ? e.value() : null;
    }
    return null;
  }

  /** The path as EXPLAIN shows it, e.g. {@code Point_Get(handle:id)}. */
  String describe() {
    String cols = columns.stream().map(ColumnInfo::name).collect(Collectors.joining(","));
    return switch (kind) {
      case HANDLE_POINTS -> (keys.size() == 1 ? "Point_Get" : "Batch_Point_Get") + "(handle:" + cols + ")";
      case UNIQUE_POINTS -> (keys.size() == 1 ? "Point_Get" : "Batch_Point_Get") + "(index:" + index.name()
          + "(" + cols + "))";
      case HANDLE_RANGE -> "Range_Scan(handle:" + cols + ")";
      case HANDLE_RANGES -> "Range_Scan(handle:" + cols + ", ranges=[" + IndexRanges.describe(columns, rangeConditions)
          + "])";
      case INDEX_RANGE -> (covering ? "IndexReader" : "IndexLookUp") + "(IndexRangeScan(" + index.name() + "("
          + index.columns().stream().map(IndexColumn::name).collect(Collectors.joining(",")) + "), ranges=["
          + IndexRanges.describe(columns, rangeConditions) + "]))";
    };
  }

  @Override
  public String toString() {
    return describe() + " of " + table.name();
  }
}
