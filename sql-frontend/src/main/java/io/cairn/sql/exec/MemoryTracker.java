package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.EvalException;
import io.cairn.coprocessor.expr.value.MysqlDuration;
import io.cairn.coprocessor.expr.value.MysqlTime;
import java.math.BigDecimal;

/**
 * The memory one query's executors hold, against the session's {@code tidb_mem_quota_query}.
 * Operators that materialize rows (sort, hash aggregation, the build side of a join, windows)
 * {@link #consume} the estimated bytes of what they keep, once per row as it is kept, and {@link
 * #release} it when they close; going over the quota fails the query with TiDB's error 8175. The
 * estimate ({@link #rowBytes}) is deliberately rough (object headers, references, string
 * characters, decimal digits): it bounds the order of magnitude, not the exact heap use.
 *
 * <p>Not thread-safe: one tracker belongs to one execution of one query on one thread. A quota of
 * zero or less means no limit (as in TiDB).
 */
public final class MemoryTracker {
  /** TiDB's ER_MEM_EXCEED_THRESHOLD ... as the server reports it to the client. */
  public static final int ERROR_CODE = 8175;

  private final long quota;
  private final long connectionId;
  private long consumed;
  private long peak;

  /**
   * @param quota bytes the query may hold at once, or zero or less for no limit
   * @param connectionId the session's connection id, named in the error message
   */
  public MemoryTracker(long quota, long connectionId) {
    this.quota = quota;
    this.connectionId = connectionId;
  }

  /** A tracker that only counts, for callers outside a session (tests, nested evaluations). */
  public static MemoryTracker unlimited() {
    return new MemoryTracker(0, 0);
  }

  /**
   * Records {@code bytes} more as held.
   *
   * @throws EvalException 8175 when the query would hold more than its quota; the bytes stay
   *     counted, so the caller's release on close balances them
   */
  public void consume(long bytes) {
    consumed += bytes;
    if (consumed > peak) {
      peak = consumed;
    }
    if (quota > 0 && consumed > quota) {
      throw new EvalException(ERROR_CODE, "HY000", "Your query has been cancelled due to exceeding the allowed "
          + "memory limit for a single SQL query. Please try narrowing your query scope or increase the "
          + "tidb_mem_quota_query limit and try again.[conn=" + connectionId + "]");
    }
  }

  public void release(long bytes) {
    consumed -= bytes;
  }

  /** Bytes held now. */
  public long consumed() {
    return consumed;
  }

  /** The most bytes held at once so far. */
  public long peak() {
    return peak;
  }

  public long quota() {
    return quota;
  }

  /** Fixed overhead of a row kept in a list: the array header, its slot in the list. */
  private static final int ROW_OVERHEAD = 16 + 8;

  /**
   * The approximate heap bytes of one row of evaluator values: 8 per reference plus each value's
   * object. Cheap enough to call once per materialized row.
   */
  public static long rowBytes(Object[] row) {
    long bytes = ROW_OVERHEAD + 8L * row.length;
    for (Object v : row) {
      bytes += valueBytes(v);
    }
    return bytes;
  }

  private static long valueBytes(Object v) {
    if (v == null) {
      return 0;
    }
    if (v instanceof String s) {
      // header + hash + the byte[] of a Latin-1 or UTF-16 string: assume one byte per char plus headers.
      return 40 + s.length();
    }
    if (v instanceof Long || v instanceof Double) {
      return 16;
    }
    if (v instanceof BigDecimal bd) {
      return 40 + bd.precision() / 2;
    }
    if (v instanceof byte[] b) {
      return 16 + b.length;
    }
    if (v instanceof MysqlTime || v instanceof MysqlDuration) {
      return 32;
    }
    return 32;
  }
}
