package io.cairn.sql.table;

import io.cairn.codec.ColumnType;
import io.cairn.codec.TableCodec;
import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import io.cairn.kv.Retriever;
import io.cairn.sql.catalog.IndexInfo;
import io.cairn.sql.catalog.TableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads rows and index entries of one table through a {@link Retriever} (a transaction or a
 * snapshot). Rows come back as {@code Object[]} in column offset order, with the handle
 * column restored and missing columns read as their defaults ({@link RecordFormat}).
 *
 * <p>Index reads accept only indexes that are {@link IndexInfo#isReadable() readable} (PUBLIC):
 * an index still being built lacks entries. Iterators returned here are owned by the caller
 * and must be closed. Thread-safe if the retriever is.
 */
public final class TableReader {

  private final TableInfo table;
  private final RecordFormat.Decoder decoder;

  public TableReader(TableInfo table) {
    this.table = table;
    this.decoder = RecordFormat.decoder(table);
  }

  public TableInfo table() {
    return table;
  }

  /** A row and its handle. */
  public record Row(long handle, Object[] values) {}

  /** An index entry: its (possibly prefix-cut) values and the row's handle. */
  public record IndexHit(List<Object> values, long handle) {}

  /** The row stored under {@code handle}, or null. */
  public Object[] get(Retriever r, long handle) {
    byte[] v = r.get(RecordFormat.recordKey(table, handle));
    return v == null ? null : decoder.decode(handle, v);
  }

  /**
   * The rows stored under {@code handles}, in the order given, skipping absent ones: one batch
   * read when the retriever is a transaction or snapshot, else one read per handle.
   */
  public List<Row> getAll(Retriever r, long[] handles) {
    List<Key> keys = new ArrayList<>(handles.length);
    for (long h : handles) {
      keys.add(RecordFormat.recordKey(table, h));
    }
    java.util.Map<Key, byte[]> values;
    if (handles.length > 1 && r instanceof io.cairn.kv.Transaction t) {
      values = t.batchGet(keys);
    } else if (handles.length > 1 && r instanceof io.cairn.kv.Snapshot s) {
      values = s.batchGet(keys);
    } else {
      values = new java.util.HashMap<>();
      for (Key k : keys) {
        byte[] v = r.get(k);
        if (v != null) {
          values.put(k, v);
        }
      }
    }
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < handles.length; i++) {
      byte[] v = values.get(keys.get(i));
      if (v != null) {
        out.add(new Row(handles[i], decoder.decode(handles[i], v)));
      }
    }
    return out;
  }

  /** Decodes a stored row value. */
  public Object[] decode(long handle, byte[] value) {
    return decoder.decode(handle, value);
  }

  /** Rows with handles in {@code [low, high]}, in handle order. */
  public KvIterator<Row> scan(Retriever r, long low, long high) {
    io.cairn.codec.KeyRange range = TableCodec.handleRange(table.id(), low, high);
    KvIterator<KvPair> it = r.iterate(new KeyRange(Key.wrap(range.start()),
        Key.wrap(range.end())));
    return new Mapped<>(it, p -> {
      long handle = TableCodec.decodeRecordKey(p.key().toByteArray()).handle();
      return new Row(handle, decoder.decode(handle, p.value()));
    });
  }

  /** Every row, in handle order. */
  public KvIterator<Row> scanAll(Retriever r) {
    return scan(r, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /**
   * The handle of the row whose unique index {@code index} holds exactly {@code values}, or
   * null. Values containing NULL never match (NULL = NULL is not true).
   */
  public Long lookupUnique(Retriever r, IndexInfo index, List<?> values) {
    requireReadable(index);
    if (!index.unique() || values.size() != index.columns().size()) {
      throw new IllegalArgumentException("a point lookup needs every column of a unique index");
    }
    if (values.stream().anyMatch(java.util.Objects::isNull)) {
      return null;
    }
    Key key = Key.wrap(TableCodec.indexKey(table.id(), index.id(),
        IndexEntry.columnTypes(table, index), values));
    byte[] v = r.get(key);
    return v == null ? null : IndexEntry.decodeHandle(v);
  }

  /**
   * The entries of {@code index} whose leading values equal {@code prefixValues} (any number
   * of leading columns, NULL matching NULL as in the key order), in index order.
   */
  public List<IndexHit> lookupPrefix(Retriever r, IndexInfo index, List<?> prefixValues) {
    requireReadable(index);
    List<ColumnType> types =
        IndexEntry.columnTypes(table, index).subList(0, prefixValues.size());
    io.cairn.codec.KeyRange range =
        TableCodec.indexPrefixRange(table.id(), index.id(), types, prefixValues);
    List<IndexHit> out = new ArrayList<>();
    try (KvIterator<IndexHit> it = scanIndex(r, index,
        new KeyRange(Key.wrap(range.start()), Key.wrap(range.end())))) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  /**
   * The handles of the entries of a readable {@code index} inside {@code ranges}, sorted and
   * without repeats (the full scan's order).
   */
  public long[] indexHandles(Retriever r, IndexInfo index, List<KeyRange> ranges) {
    requireReadable(index);
    long[] out = new long[16];
    int n = 0;
    for (KeyRange range : ranges) {
      try (KvIterator<KvPair> it = r.iterate(range)) {
        while (it.hasNext()) {
          if (n == out.length) {
            out = java.util.Arrays.copyOf(out, n * 2);
          }
          out[n++] = handleOf(it.next());
        }
      }
    }
    return java.util.Arrays.stream(out, 0, n).sorted().distinct().toArray();
  }

  /**
   * The rows of the entries of a readable {@code index} inside {@code ranges}, built from the
   * entries alone, in handle order without repeats: the index columns (whole, not prefix-cut)
   * and the integer primary key hold their values, every other column null. For a covering
   * read, where the statement reads no other column.
   */
  public List<Row> indexRows(Retriever r, IndexInfo index, List<KeyRange> ranges) {
    requireReadable(index);
    List<ColumnType> types = IndexEntry.columnTypes(table, index);
    int[] offsets = index.columns().stream().mapToInt(ic -> table.requireColumn(ic.name()).offset()).toArray();
    int handleOffset = table.handleColumn().map(c -> c.offset()).orElse(-1);
    List<Row> out = new ArrayList<>();
    for (KeyRange range : ranges) {
      try (KvIterator<KvPair> it = r.iterate(range)) {
        while (it.hasNext()) {
          IndexHit hit = decodeIndexEntry(types, it.next());
          Object[] row = new Object[table.columns().size()];
          for (int i = 0; i < offsets.length; i++) {
            row[offsets[i]] = hit.values().get(i);
          }
          if (handleOffset >= 0) {
            row[handleOffset] = hit.handle();
          }
          out.add(new Row(hit.handle(), row));
        }
      }
    }
    out.sort((a, b) -> Long.compare(a.handle(), b.handle()));
    List<Row> distinct = new ArrayList<>(out.size());
    for (Row row : out) {
      if (distinct.isEmpty() || distinct.getLast().handle() != row.handle()) {
        distinct.add(row);
      }
    }
    return distinct;
  }

  /** The handle an index entry points at: the key's last datum, or a unique entry's value. */
  private static long handleOf(KvPair p) {
    byte[] value = p.value();
    if (value.length == 8) {
      return IndexEntry.decodeHandle(value);
    }
    byte[] key = p.key().toByteArray();
    // A non-unique key ends with the handle as an INT datum: flag then 8 bytes.
    if (value.length != 0 || key.length < TableCodec.INDEX_PREFIX_LENGTH + 9
        || (key[key.length - 9] & 0xff) != io.cairn.codec.DatumCodec.INT_FLAG) {
      throw new IllegalStateException("index entry of an unknown shape: " + p.key());
    }
    return io.cairn.codec.NumberCodec.decodeInt64(key, key.length - 8);
  }

  /** The entries of a readable index inside {@code range} (within the index's key range). */
  public KvIterator<IndexHit> scanIndex(Retriever r, IndexInfo index, KeyRange range) {
    requireReadable(index);
    return scanIndexUnchecked(r, index, range);
  }

  /** Every entry of {@code index} in any state; for consistency checks. */
  KvIterator<IndexHit> scanIndexUnchecked(Retriever r, IndexInfo index, KeyRange range) {
    List<ColumnType> types = IndexEntry.columnTypes(table, index);
    return new Mapped<>(r.iterate(range), p -> decodeIndexEntry(types, p));
  }

  /** The full key range of {@code index}. */
  public KeyRange indexRange(IndexInfo index) {
    io.cairn.codec.KeyRange range = TableCodec.indexRange(table.id(), index.id());
    return new KeyRange(Key.wrap(range.start()), Key.wrap(range.end()));
  }

  static IndexHit decodeIndexEntry(List<ColumnType> types, KvPair p) {
    TableCodec.IndexKey k = TableCodec.decodeIndexKey(p.key().toByteArray(), types);
    long handle = k.handle() != null ? k.handle() : IndexEntry.decodeHandle(p.value());
    return new IndexHit(k.values(), handle);
  }

  private static void requireReadable(IndexInfo index) {
    if (!index.isReadable()) {
      throw new IllegalStateException(
          "index " + index.name() + " is " + index.state() + ", not readable");
    }
  }

  /** Maps a KV iterator's pairs. */
  private static final class Mapped<T> implements KvIterator<T> {
    private final KvIterator<KvPair> source;
    private final java.util.function.Function<KvPair, T> fn;

    Mapped(KvIterator<KvPair> source, java.util.function.Function<KvPair, T> fn) {
      this.source = source;
      this.fn = fn;
    }

    @Override
    public boolean hasNext() {
      return source.hasNext();
    }

    @Override
    public T next() {
      if (!source.hasNext()) {
        throw new NoSuchElementException();
      }
      return fn.apply(source.next());
    }

    @Override
    public void close() {
      source.close();
    }
  }
}
