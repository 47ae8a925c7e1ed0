package io.cairn.sql.ddl;

import io.cairn.codec.TableCodec;
import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import io.cairn.kv.LockOptions;
import io.cairn.kv.Storage;
import io.cairn.kv.Transaction;
import io.cairn.kv.WriteConflictException;
import io.cairn.sql.catalog.IndexInfo;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.table.DuplicateKeyException;
import io.cairn.sql.table.IndexEntry;
import io.cairn.sql.table.RecordFormat;
import io.cairn.sql.table.Values;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the entries of an index in WRITE_REORG state for the rows that existed before
 * writers started maintaining it (TiDB's add-index backfill).
 *
 * <p>Rows are read in handle order, {@code batchSize} per optimistic transaction. Each batch
 * writes the rows' entries and marks the rows' record keys for conflict detection
 * ({@link Transaction#lockKeys} in optimistic mode): if a writer changed or deleted one of the
 * rows after the batch's snapshot, the batch fails with a write conflict and is redone from a
 * fresh snapshot, so the backfill never writes an entry for a row version that is gone. Rows
 * written after the batch's snapshot were written by transactions that already maintain the
 * index ({@link io.cairn.sql.catalog.Catalog} guarantees every commit from then on used a
 * schema with the index writable). A unique index meets a duplicate as an existing entry (or
 * an earlier row of the batch) holding another handle: {@link DuplicateKeyException}.
 */
final class IndexBackfill {

  private static final int MAX_BATCH_RETRIES = 1000;

  private final Storage storage;
  private final int batchSize;

  IndexBackfill(Storage storage, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive");
    }
    this.storage = storage;
    this.batchSize = batchSize;
  }

  /** Backfills every row; returns the number of rows processed. */
  long run(TableInfo table, IndexInfo index) {
    RecordFormat.Decoder decoder = RecordFormat.decoder(table);
    Key next = Key.wrap(TableCodec.recordPrefix(table.id()));
    Key end = Key.wrap(TableCodec.prefixNext(TableCodec.recordPrefix(table.id())));
    long rows = 0;
    while (next != null) {
      int attempt = 0;
      while (true) {
        try {
          BatchResult r = batch(table, index, decoder, new KeyRange(next, end));
          rows += r.rows;
          next = r.next;
          break;
        } catch (WriteConflictException e) {
          if (++attempt >= MAX_BATCH_RETRIES) {
            throw e;
          }
        }
      }
    }
    return rows;
  }

  private record BatchResult(int rows, Key next) {}

  private BatchResult batch(TableInfo table, IndexInfo index, RecordFormat.Decoder decoder,
      KeyRange range) {
    try (Transaction txn = storage.begin()) {
      // Read the batch first: writing to the transaction would invalidate its iterator.
      List<KvPair> batch = new ArrayList<>(batchSize);
      boolean more = false;
      try (KvIterator<KvPair> it = txn.iterate(range)) {
        while (it.hasNext()) {
          if (batch.size() == batchSize) {
            more = true;
            break;
          }
          batch.add(it.next());
        }
      }
      List<Key> rowKeys = new ArrayList<>(batch.size());
      for (KvPair p : batch) {
        long handle = TableCodec.decodeRecordKey(p.key().toByteArray()).handle();
        Object[] row = decoder.decode(handle, p.value());
        IndexEntry e = IndexEntry.of(table, index, row, handle);
        if (e.distinct()) {
          byte[] existing = txn.get(e.key());
          if (existing != null && IndexEntry.decodeHandle(existing) != handle) {
            throw new DuplicateKeyException(
                Values.toText(IndexEntry.sqlTypes(table, index), e.values()),
                table.name() + "." + index.name(), IndexEntry.decodeHandle(existing));
          }
        }
        txn.set(e.key(), e.value());
        rowKeys.add(p.key());
      }
      Key last = rowKeys.isEmpty() ? null : rowKeys.get(rowKeys.size() - 1);
      if (!rowKeys.isEmpty()) {
        txn.lockKeys(new LockOptions(txn.startTs(), Duration.ZERO), rowKeys);
        txn.commit();
      }
      return new BatchResult(rowKeys.size(), more ? last.next() : null);
    }
  }
}
