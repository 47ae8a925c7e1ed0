package io.cairn.sql.catalog;

import io.cairn.kv.Key;
import io.cairn.kv.Storage;
import io.cairn.kv.Transaction;
import io.cairn.kv.WriteConflictException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Allocates AUTO_INCREMENT values and hidden row ids per table from cached ranges, as TiDB's
 * {@code autoid} allocator does.
 *
 * <p>The store keeps, per table and kind, the smallest value not yet handed to any cache
 * ({@link MetaKeys#autoIncrement}, {@link MetaKeys#rowId}). When a table's cache is empty the
 * allocator takes the next {@code step} values in its own small transaction (retried on write
 * conflicts), so values are unique across every allocator on the store, strictly increasing
 * within one allocator, and a crash only leaves a gap. Allocation never joins the caller's
 * transaction: a rolled-back insert does not give its value back (MySQL behaves the same).
 *
 * <p>Thread-safe: each table's cache is guarded by its own monitor.
 */
public final class AutoIdAllocator {

  /** Which counter of a table. */
  public enum Kind {
    AUTO_INCREMENT,
    ROW_ID
  }

  private final Storage storage;
  private final long step;
  private final Map<String, Range> caches = new ConcurrentHashMap<>();

  /**
   * @param step how many values one refill takes from the store (TiDB uses 30000)
   */
  public AutoIdAllocator(Storage storage, long step) {
    this.storage = Objects.requireNonNull(storage, "storage");
    if (step < 1) {
      throw new IllegalArgumentException("step must be positive: " + step);
    }
    this.step = step;
  }

  /** The next AUTO_INCREMENT value of {@code table} (at least its {@code autoIncrementBase}). */
  public long nextAutoIncrement(TableInfo table) {
    return next(table.id(), Kind.AUTO_INCREMENT, Math.max(1, table.autoIncrementBase()));
  }

  /** The next hidden row id of {@code table}. */
  public long nextRowId(TableInfo table) {
    return next(table.id(), Kind.ROW_ID, 1);
  }

  /**
   * Makes every later value of the counter greater than {@code used}: an insert that gives an
   * explicit value to an AUTO_INCREMENT column (or an explicit handle) calls this.
   */
  public void rebase(long tableId, Kind kind, long used) {
    if (used == Long.MAX_VALUE) {
      throw SqlError.UNKNOWN_ERROR.exception("Failed to read auto-increment value from storage"
          + " engine: the counter of table " + tableId + " is exhausted");
    }
    Range r = range(tableId, kind);
    synchronized (r) {
      if (used < r.next) {
        return;
      }
      if (used < r.end) {
        r.next = used + 1;
        return;
      }
      refill(tableId, kind, r, used + 1);
    }
  }

  /** Forgets the cached ranges of a table (after DROP or TRUNCATE). */
  public void forget(long tableId) {
    for (Kind k : Kind.values()) {
      caches.remove(cacheKey(tableId, k));
    }
  }

  private long next(long tableId, Kind kind, long base) {
    Range r = range(tableId, kind);
    synchronized (r) {
      if (r.next >= r.end) {
        refill(tableId, kind, r, base);
      }
      return r.next++;
    }
  }

  private Range range(long tableId, Kind kind) {
    return caches.computeIfAbsent(cacheKey(tableId, kind), k -> new Range());
  }

  private static String cacheKey(long tableId, Kind kind) {
    return kind.name() + ":" + tableId;
  }

  /** Takes {@code [max(stored, minStart), +step)} from the store; caller holds r's monitor. */
  private void refill(long tableId, Kind kind, Range r, long minStart) {
    Key key = kind == Kind.AUTO_INCREMENT ? MetaKeys.autoIncrement(tableId)
        : MetaKeys.rowId(tableId);
    for (int attempt = 0; ; attempt++) {
      try (Transaction txn = storage.begin()) {
        byte[] stored = txn.get(key);
        long start = Math.max(stored == null ? 1 : MetaKeys.decodeLong(stored), minStart);
        long end = start > Long.MAX_VALUE - step ? Long.MAX_VALUE : start + step;
        if (start >= end) {
          throw SqlError.UNKNOWN_ERROR.exception(
              "Failed to read auto-increment value from storage engine: the counter of table "
                  + tableId + " is exhausted");
        }
        txn.set(key, MetaKeys.encodeLong(end));
        txn.commit();
        r.next = start;
        r.end = end;
        return;
      } catch (WriteConflictException e) {
        if (attempt >= 100) {
          throw e;
        }
      }
    }
  }

  /** A cached range {@code [next, end)}; guarded by its own monitor. */
  private static final class Range {
    long next;
    long end;
  }
}
