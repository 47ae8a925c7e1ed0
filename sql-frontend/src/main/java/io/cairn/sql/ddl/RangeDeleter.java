package io.cairn.sql.ddl;

import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import io.cairn.kv.Storage;
import io.cairn.kv.Transaction;
import io.cairn.kv.WriteConflictException;
import io.cairn.sql.catalog.MetaKeys;
import io.cairn.sql.catalog.MetaStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes the data of dropped tables and indexes. A DDL records the ranges under a job id
 * ({@link MetaStore#addDeleteRanges}) in the same transaction that drops the object, so no
 * range is forgotten if the server stops; the deleter then removes the keys in transactions of
 * at most {@code batchSize} keys and finally the job record. Nothing reads these ranges any
 * more (the objects are gone from the catalog, and ids are never reused), so deleting them
 * late is harmless.
 */
final class RangeDeleter {

  private final Storage storage;
  private final int batchSize;

  RangeDeleter(Storage storage, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive");
    }
    this.storage = storage;
    this.batchSize = batchSize;
  }

  /** Runs every pending job to the end; returns the number of keys deleted. */
  long runPending() {
    long deleted = 0;
    List<MetaStore.PendingDelete> jobs;
    try (Transaction txn = storage.begin()) {
      jobs = MetaStore.pendingDeletes(txn);
    }
    for (MetaStore.PendingDelete job : jobs) {
      for (byte[][] r : job.ranges()) {
        deleted += deleteRange(new KeyRange(Key.copyOf(r[0]), Key.copyOf(r[1])));
      }
      retrying(txn -> txn.delete(MetaKeys.deleteRange(job.jobId())));
    }
    return deleted;
  }

  private long deleteRange(KeyRange range) {
    long total = 0;
    while (true) {
      long[] n = {0};
      retrying(txn -> {
        List<Key> keys = new ArrayList<>(batchSize);
        try (KvIterator<KvPair> it = txn.iterate(range)) {
          while (it.hasNext() && keys.size() < batchSize) {
            keys.add(it.next().key());
          }
        }
        keys.forEach(txn::delete);
        n[0] = keys.size();
      });
      total += n[0];
      if (n[0] < batchSize) {
        return total;
      }
    }
  }

  private void retrying(java.util.function.Consumer<Transaction> body) {
    for (int attempt = 0; ; attempt++) {
      try (Transaction txn = storage.begin()) {
        body.accept(txn);
        txn.commit();
        return;
      } catch (WriteConflictException e) {
        if (attempt >= 50) {
          throw e;
        }
      }
    }
  }
}
