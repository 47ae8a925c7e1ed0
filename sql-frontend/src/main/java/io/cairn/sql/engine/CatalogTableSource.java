package io.cairn.sql.engine;

import io.cairn.codec.ByteWriter;
import io.cairn.codec.DatumCodec;
import io.cairn.codec.TableCodec;
import io.cairn.coprocessor.exec.Dag;
import io.cairn.coprocessor.exec.ValueBridge;
import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.ExprBuilder;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.kv.BeginOptions;
import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvIterator;
import io.cairn.sql.catalog.ColumnInfo;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.catalog.IndexColumn;
import io.cairn.sql.catalog.IndexInfo;
import io.cairn.sql.exec.Executor;
import io.cairn.sql.exec.KeyLookupSource;
import io.cairn.sql.exec.TableColumn;
import io.cairn.sql.exec.PushdownReads;
import io.cairn.sql.exec.PushdownSource;
import io.cairn.sql.table.TableReader;
import io.cairn.sql.table.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A stored table as the planner sees it: its PUBLIC columns, scanned row by row inside the
 * running statement's transaction ({@link StatementReads}) and decoded with {@link
 * TableReader} into evaluator values.
 *
 * <p>With an {@link AccessPath} (chosen from the statement's WHERE) the rows are read by key
 * instead: a point get, a batch point get, a handle range, or secondary-index ranges read as an
 * index lookup (handles first, then rows in batches) or from a covering index, resolved per
 * execution with the plan's parameter values, falling back to the full scan when a value's
 * match is not obvious. Every path yields its rows in handle order, as the full scan does.
 *
 * <p>A full scan or a handle range scan can also run on the storage nodes ({@link
 * PushdownSource}): {@link #dagScan} describes the rows to the coprocessor (column ids, types,
 * the values of rows written before a column was added), and {@link #pushdownReads} gives an
 * execution the key ranges and snapshot, unless the transaction has written rows of this table
 * (the nodes cannot see its buffer) or the statement must read at the root.
 *
 * <p>As the inner side of an index join ({@link KeyLookupSource}) the rows are fetched by the
 * values of the integer handle column (a batch point get) or of the leading integer column of a
 * readable index (the entries with that prefix, then the rows by handle), through the same
 * statement reads as a scan.
 *
 * <p>With {@code withHandle} the source has one more column, {@value #HANDLE}, holding the
 * row handle: UPDATE and DELETE select it to find the rows they change. Thread-safe as long as
 * the statement reads are used by one statement at a time, which a session guarantees.
 */
final class CatalogTableSource implements PushdownSource, KeyLookupSource {
  /** The extra column of a source made {@code withHandle}. */
  static final String HANDLE = TableInfo.HIDDEN_ROW_ID;

  private final String schema;
  private final TableInfo table;
  private final StatementReads reads;
  private final ValueBridge bridge;
  private final List<TableColumn> columns;
  private final List<ColumnInfo> publicColumns;
  private final List<FieldType> types;
  private final boolean withHandle;
  private final AccessPath access;
  private final List<Dag.ScanColumn> dagColumns;
  private final BooleanSupplier indexJoin;

  /**
   * @param access the key path, or null for a full scan
   * @param indexJoin whether the session currently allows index lookup joins
   */
  CatalogTableSource(String schema, TableInfo table, StatementReads reads, ValueBridge bridge,
      boolean withHandle, AccessPath access, BooleanSupplier indexJoin) {
    this.access = access;
    this.indexJoin = indexJoin;
    this.schema = schema;
    this.table = table;
    this.reads = reads;
    this.bridge = bridge;
    this.withHandle = withHandle;
    this.publicColumns = table.publicColumns();
    List<TableColumn> cols = new ArrayList<>();
    List<FieldType> ts = new ArrayList<>();
    for (ColumnInfo c : publicColumns) {
      FieldType ft = ColumnTypes.fieldType(table, c);
      cols.add(new TableColumn(c.name(), ft));
      ts.add(ft);
    }
    if (withHandle) {
      FieldType h = FieldType.bigint().withFlags(FieldType.NOT_NULL_FLAG);
      cols.add(new TableColumn(HANDLE, h));
      ts.add(h);
    }
    this.columns = List.copyOf(cols);
    this.types = List.copyOf(ts);
    this.dagColumns = withHandle || (access != null && !access.readsHandleRanges()) || !reads.pushdownCapable()
        ? null : dagColumns(table, publicColumns, types);
  }

  /**
   * The coprocessor scan's columns, or null when a column's stored form is not the one the
   * coprocessor decodes for its type (then the table is read at the root).
   */
  private static List<Dag.ScanColumn> dagColumns(TableInfo table, List<ColumnInfo> columns, List<FieldType> types) {
    List<Dag.ScanColumn> out = new ArrayList<>();
    Long handleColumn = table.handleColumn().map(ColumnInfo::id).orElse(null);
    for (int i = 0; i < columns.size(); i++) {
      ColumnInfo c = columns.get(i);
      FieldType ft = types.get(i);
      if (!ValueBridge.columnType(ft).equals(c.type().columnType())) {
        return null;
      }
      Object origin = Values.originDefault(c);
      byte[] def = null;
      if (origin != null) {
        ByteWriter w = new ByteWriter(16);
        DatumCodec.encodeValue(w, c.type().columnType(), origin);
        def = w.toByteArray();
      }
      out.add(new Dag.ScanColumn(c.id(), ft, def, handleColumn != null && handleColumn == c.id()));
    }
    return List.copyOf(out);
  }

  @Override
  public boolean canPushDown() {
    return dagColumns != null;
  }

  @Override
  public Dag dagScan(ExprBuilder builder) {
    if (dagColumns == null) {
      throw new IllegalStateException("reads of " + table.name() + " are not pushed down");
    }
    return Dag.tableScan(builder, table.id(), dagColumns);
  }

  @Override
  public PushdownReads pushdownReads(List<Object> params) {
    if (dagColumns == null) {
      return null;
    }
    StatementReads.Pushdown p = reads.pushdown();
    if (p == null) {
      return null;
    }
    io.cairn.codec.KeyRange all = TableCodec.recordRange(table.id());
    KeyRange records = new KeyRange(Key.wrap(all.start()), Key.wrap(all.end()));
    try (var own = p.txn().memBuffer().iterateEntries(records)) {
      if (own.hasNext()) {
        return null;
      }
    }
    AccessPath.Keys keys = access == null ? null : access.resolve(params);
    List<KeyRange> ranges = new ArrayList<>();
    if (keys == null) {
      ranges.add(records);
    } else if (keys instanceof AccessPath.HandleRange r) {
      addRange(ranges, r);
    } else if (keys instanceof AccessPath.HandleRanges rs) {
      rs.ranges().forEach(r -> addRange(ranges, r));
    } else {
      return null;
    }
    BeginOptions options = p.txn().options();
    return new PushdownReads(p.client(), ranges, p.txn().startTs(), options.replicaRead(), p.concurrency(),
        options.staleRead(), options.priority(), options.resourceGroup(), reads::checkCancelled);
  }

  private void addRange(List<KeyRange> out, AccessPath.HandleRange r) {
    if (r.low() <= r.high()) {
      io.cairn.codec.KeyRange k = TableCodec.handleRange(table.id(), r.low(), r.high());
      out.add(new KeyRange(Key.wrap(k.start()), Key.wrap(k.end())));
    }
  }

  TableInfo table() {
    return table;
  }

  @Override
  public String schema() {
    return schema;
  }

  @Override
  public String name() {
    return table.name();
  }

  @Override
  public List<TableColumn> columns() {
    return columns;
  }

  @Override
  public String accessPath() {
    return access == null ? "TableFullScan" : access.describe();
  }

  @Override
  public Executor scan(EvalContext ctx) {
    return scan(ctx, List.of());
  }

  @Override
  public Executor scan(EvalContext ctx, List<Object> params) {
    TableReader reader = new TableReader(table);
    AccessPath.Keys keys = access == null ? null : access.resolve(params);
    if (keys instanceof AccessPath.IndexKeyRanges ranges && !access.covering()) {
      return lookup(reader, reader.indexHandles(reads.retriever(), access.index(), ranges.ranges()));
    }
    if (keys instanceof AccessPath.PointKeys || keys instanceof AccessPath.IndexKeyRanges) {
      List<TableReader.Row> rows = access.read(reader, reads.retriever(), keys);
      return new Executor() {
        private boolean done;

        @Override
        public List<Object[]> next() {
          reads.checkCancelled();
          if (done || rows.isEmpty()) {
            return null;
          }
          done = true;
          List<Object[]> out = new ArrayList<>(rows.size());
          for (TableReader.Row r : rows) {
            out.add(toEval(r));
          }
          return out;
        }
      };
    }
    KvIterator<TableReader.Row> it;
    if (keys instanceof AccessPath.HandleRanges ranges) {
      it = new RangesIterator(reader, ranges.ranges());
    } else if (keys instanceof AccessPath.HandleRange range) {
      it = range.low() > range.high() ? null : reader.scan(reads.retriever(), range.low(), range.high());
      if (it == null) {
        return () -> null;
      }
    } else {
      it = reader.scanAll(reads.retriever());
    }
    return new Executor() {
      @Override
      public List<Object[]> next() {
        reads.checkCancelled();
        if (!it.hasNext()) {
          return null;
        }
        List<Object[]> batch = new ArrayList<>();
        while (batch.size() < BATCH_SIZE && it.hasNext()) {
          batch.add(toEval(it.next()));
        }
        return batch;
      }

      @Override
      public void close() {
        it.close();
      }
    };
  }

  /** The rows of several handle ranges, one range scan after the other. Not thread-safe. */
  private final class RangesIterator implements KvIterator<TableReader.Row> {
    private final TableReader reader;
    private final java.util.Iterator<AccessPath.HandleRange> ranges;
    private KvIterator<TableReader.Row> current;

    RangesIterator(TableReader reader, List<AccessPath.HandleRange> ranges) {
      this.reader = reader;
      this.ranges = ranges.iterator();
    }

    @Override
    public boolean hasNext() {
      while (current == null || !current.hasNext()) {
        if (current != null) {
          current.close();
          current = null;
        }
        if (!ranges.hasNext()) {
          return false;
        }
        AccessPath.HandleRange r = ranges.next();
        current = reader.scan(reads.retriever(), r.low(), r.high());
      }
      return true;
    }

    @Override
    public TableReader.Row next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      return current.next();
    }

    @Override
    public void close() {
      if (current != null) {
        current.close();
        current = null;
      }
    }
  }

  /** The rows of {@code handles}, fetched {@value AccessPath#LOOKUP_BATCH} at a time. */
  private Executor lookup(TableReader reader, long[] handles) {
    return new Executor() {
      private int next;

      @Override
      public List<Object[]> next() {
        reads.checkCancelled();
        while (next < handles.length) {
          int end = Math.min(handles.length, next + AccessPath.LOOKUP_BATCH);
          List<TableReader.Row> rows = reader.getAll(reads.retriever(),
              java.util.Arrays.copyOfRange(handles, next, end));
          next = end;
          if (!rows.isEmpty()) {
            List<Object[]> out = new ArrayList<>(rows.size());
            for (TableReader.Row r : rows) {
              out.add(toEval(r));
            }
            return out;
          }
        }
        return null;
      }
    };
  }

  @Override
  public String lookupKey(int column) {
    if (column < 0 || column >= publicColumns.size()) {
      return null;
    }
    ColumnInfo c = publicColumns.get(column);
    if (!c.type().kind().isInteger()) {
      return null;
    }
    if (table.handleColumn().map(h -> h.id() == c.id()).orElse(false)) {
      return "handle:" + c.name();
    }
    IndexInfo index = lookupIndex(c);
    return index == null ? null : "index:" + index.name() + "(" + c.name() + ")";
  }

  /** A readable index led by the whole of {@code c}: a one-column unique index first. */
  private IndexInfo lookupIndex(ColumnInfo c) {
    IndexInfo found = null;
    for (IndexInfo index : table.readableIndexes()) {
      IndexColumn first = index.columns().get(0);
      if (first.hasPrefix() || !first.name().equalsIgnoreCase(c.name())) {
        continue;
      }
      if (index.unique() && index.columns().size() == 1) {
        return index;
      }
      if (found == null) {
        found = index;
      }
    }
    return found;
  }

  @Override
  public boolean lookupEnabled() {
    return indexJoin.getAsBoolean();
  }

  @Override
  public List<Object[]> lookup(int column, long[] keys) {
    String how = lookupKey(column);
    if (how == null) {
      throw new IllegalArgumentException("column " + column + " of " + table.name() + " is no lookup key");
    }
    reads.checkCancelled();
    TableReader reader = new TableReader(table);
    long[] handles;
    if (how.startsWith("handle:")) {
      handles = keys.clone();
    } else {
      IndexInfo index = lookupIndex(publicColumns.get(column));
      // Integer index columns store the evaluator's Long as is (unsigned ones by their bits).
      long[] found = new long[Math.max(16, keys.length)];
      int n = 0;
      for (long k : keys) {
        List<Long> key = List.of(k);
        if (index.unique() && index.columns().size() == 1) {
          Long h = reader.lookupUnique(reads.retriever(), index, key);
          if (h != null) {
            found = n == found.length ? Arrays.copyOf(found, n * 2) : found;
            found[n++] = h;
          }
        } else {
          for (TableReader.IndexHit hit : reader.lookupPrefix(reads.retriever(), index, key)) {
            found = n == found.length ? Arrays.copyOf(found, n * 2) : found;
            found[n++] = hit.handle();
          }
        }
      }
      handles = Arrays.stream(found, 0, n).distinct().toArray();
    }
    // Sorted handles keep batch reads in key order, as the full scan reads.
    Arrays.sort(handles);
    List<Object[]> out = new ArrayList<>(handles.length);
    for (int i = 0; i < handles.length; i += AccessPath.LOOKUP_BATCH) {
      reads.checkCancelled();
      for (TableReader.Row r : reader.getAll(reads.retriever(),
          Arrays.copyOfRange(handles, i, Math.min(handles.length, i + AccessPath.LOOKUP_BATCH)))) {
        out.add(toEval(r));
      }
    }
    return out;
  }

  private Object[] toEval(TableReader.Row row) {
    Object[] out = new Object[columns.size()];
    Object[] stored = row.values();
    for (int i = 0; i < publicColumns.size(); i++) {
      out[i] = bridge.toEval(stored[publicColumns.get(i).offset()], types.get(i));
    }
    if (withHandle) {
      out[out.length - 1] = row.handle();
    }
    return out;
  }
}
