package io.cairn.kv;

/**
 * A transactional key-value store: the one object the SQL layer holds (TiDB's
 * {@code kv.Storage}). Opened by a {@link Driver}, usually through a {@link DriverRegistry}.
 *
 * <p>Thread-safe: any number of transactions and snapshots may be used concurrently. The
 * storage owns its {@link Oracle} and {@link Client}. {@link #close()} is idempotent; after it
 * every method, and every method of the transactions, snapshots and iterators it made, throws
 * {@link StorageClosedException} (or {@link TransactionClosedException} for transactions that
 * had already ended). Transactions still open at close are rolled back.
 */
public interface Storage extends AutoCloseable {

  /**
   * Begins a transaction. With an explicit {@code options.startTs()} the transaction reads at
   * that timestamp; it should be one the oracle has already handed out.
   */
  Transaction begin(BeginOptions options);

  /** Begins an optimistic REPEATABLE READ transaction at a fresh timestamp. */
  default Transaction begin() {
    return begin(BeginOptions.DEFAULT);
  }

  /** A snapshot at timestamp {@code ts}, e.g. for a stale read or a consistent scan. */
  Snapshot snapshot(long ts, SnapshotOptions options);

  default Snapshot snapshot(long ts) {
    return snapshot(ts, SnapshotOptions.DEFAULT);
  }

  /**
   * A fresh timestamp from the oracle: every transaction that committed before this call has
   * a smaller commit timestamp, so a snapshot at it sees them all.
   */
  default long currentTimestamp() {
    return oracle().getTimestamp();
  }

  Oracle oracle();

  /** The coprocessor client for pushing scans and computations down to the data. */
  Client client();

  /** A short description for logs and errors, e.g. the URL it was opened with. */
  String describe();

  /**
   * The storage's internal counters and gauges as they stand now (region cache hits, requests
   * sent, open transactions...), for a monitoring endpoint. Read afresh on each call, cheap
   * enough to call on every scrape; empty when the implementation measures nothing.
   */
  default java.util.List<StorageMetric> metrics() {
    return java.util.List.of();
  }

  /**
   * Changes a setting of the running storage at once, without a restart: what the SQL layer's
   * {@code SET GLOBAL} does for a storage variable. The names and values a storage accepts are
   * its own and are listed in its documentation; {@link #options()} shows the current values.
   * Names and values are matched without regard to case. Operations already running keep the
   * setting they started with. The default implementation has no options and refuses every
   * name.
   *
   * @throws IllegalArgumentException when the storage has no option {@code name} (the message
   *     says so and lists the ones it has) or {@code value} is not one of its values (the message
   *     says which are); nothing changes then
   * @throws StorageClosedException when the storage is closed
   */
  default void setOption(String name, String value) {
    throw new IllegalArgumentException(describe() + " has no runtime option '" + name + "'");
  }

  /**
   * The runtime options of this storage by name, lower case, with their current values as
   * {@link #setOption} accepts them; empty when it has none. A fresh, unmodifiable map on each
   * call.
   */
  default java.util.Map<String, String> options() {
    return java.util.Map.of();
  }

  @Override
  void close();
}
