package io.cairn.kv.testing;

import io.cairn.kv.BeginOptions;
import io.cairn.kv.Client;
import io.cairn.kv.CopRequest;
import io.cairn.kv.CopRequestType;
import io.cairn.kv.CopResponseIterator;
import io.cairn.kv.GcTooEarlyException;
import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import io.cairn.kv.Oracle;
import io.cairn.kv.Snapshot;
import io.cairn.kv.SnapshotOptions;
import io.cairn.kv.Storage;
import io.cairn.kv.StorageClosedException;
import io.cairn.kv.Transaction;
import io.cairn.kv.buffer.MemDb;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The reference {@link Storage}: a versioned in-memory map with optimistic, first-committer-wins
 * commits and pessimistic locks, small enough to be obviously right. It exists to prove the
 * contract suite ({@code AbstractStorageContractTest}) and to give SQL-layer tests a store.
 *
 * <p>Data: each key maps to a chain of versions, newest first, each a commit timestamp and a
 * value or a tombstone. A read at {@code ts} takes the newest version with commit timestamp
 * {@code <= ts}. Chains are immutable and replaced whole, so reads take no lock.
 *
 * <p>One mutex orders everything that writes: the oracle takes it for each timestamp; commit
 * holds it while it checks conflicts, takes the commit timestamp and installs its versions;
 * lock acquisition holds it while it checks and takes a lock, and waits on its condition for
 * lock releases. Because no timestamp is handed out mid-commit, a snapshot never misses a
 * commit below its timestamp.
 *
 * <p>Nothing is ever garbage-collected, but a test may declare a GC safe point ({@link
 * #setGcSafePoint}): reads of snapshots below it then fail with {@link GcTooEarlyException},
 * as they do on a store whose GC has run.
 *
 * <p>The coprocessor {@link Client} supports no request type: running DAGs needs the
 * coprocessor module, which this module does not depend on.
 */
public final class MemoryStorage implements Storage {

  /** A committed version; {@code value == null} is a delete. */
  record Version(long commitTs, byte[] value, Version older) {}

  final ReentrantLock mutex = new ReentrantLock();
  final Condition lockReleased = mutex.newCondition();
  /** Pessimistic lock owners; guarded by {@link #mutex}. */
  final Map<Key, MemoryTransaction> lockOwners = new java.util.HashMap<>();

  private final String name;
  private final MemoryOracle oracle;
  private final ConcurrentSkipListMap<Key, Version> data = new ConcurrentSkipListMap<>();
  private final Set<MemoryTransaction> openTransactions = ConcurrentHashMap.newKeySet();
  private final long entrySizeLimit;
  private final long totalSizeLimit;
  private final Client client = new UnsupportedClient();
  private volatile boolean closed;
  private volatile long gcSafePoint;

  /** A storage with TiDB's default transaction size limits, on the system clock. */
  public MemoryStorage(String name) {
    this(name, InstantSource.system(), MemDb.DEFAULT_ENTRY_SIZE_LIMIT, MemDb.DEFAULT_TOTAL_SIZE_LIMIT);
  }

  public MemoryStorage(String name, InstantSource clock, long entrySizeLimit, long totalSizeLimit) {
    this.name = Objects.requireNonNull(name, "name");
    this.oracle = new MemoryOracle(clock, mutex, name);
    this.entrySizeLimit = entrySizeLimit;
    this.totalSizeLimit = totalSizeLimit;
  }

  @Override
  public Transaction begin(BeginOptions options) {
    checkOpen();
    long startTs = options.startTs().isPresent() ? options.startTs().getAsLong() : oracle.getTimestamp();
    MemoryTransaction txn = new MemoryTransaction(this, startTs, options, new MemDb(entrySizeLimit, totalSizeLimit, options.readOnly()));
    openTransactions.add(txn);
    return txn;
  }

  @Override
  public Snapshot snapshot(long ts, SnapshotOptions options) {
    checkOpen();
    if (ts <= 0) {
      throw new IllegalArgumentException("snapshot timestamp must be positive: " + ts);
    }
    return new MemorySnapshot(ts, options);
  }

  @Override
  public Oracle oracle() {
    checkOpen();
    return oracle;
  }

  @Override
  public Client client() {
    checkOpen();
    return client;
  }

  @Override
  public String describe() {
    return name;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (MemoryTransaction t : openTransactions) {
      t.abandon();
    }
    oracle.close();
  }

  void checkOpen() {
    if (closed) {
      throw new StorageClosedException(name);
    }
  }

  /**
   * Declares a GC safe point: from now on, reads at a timestamp below it throw {@link
   * GcTooEarlyException}. It never moves backwards (a lower value is ignored).
   */
  public void setGcSafePoint(long safePoint) {
    synchronized (this) {
      gcSafePoint = Math.max(gcSafePoint, safePoint);
    }
  }

  private void checkSafePoint(long ts) {
    long safePoint = gcSafePoint;
    if (ts < safePoint) {
      throw new GcTooEarlyException(ts, safePoint);
    }
  }

  MemoryOracle memoryOracle() {
    return oracle;
  }

  void ended(MemoryTransaction txn) {
    openTransactions.remove(txn);
  }

  /** The newest commit timestamp of {@code key}, 0 if it was never written. */
  long latestCommitTs(Key key) {
    Version v = data.get(key);
    return v == null ? 0 : v.commitTs();
  }

  /** The newest committed value of {@code key}, null if absent or deleted. */
  byte[] latestValue(Key key) {
    Version v = data.get(key);
    return v == null ? null : v.value();
  }

  /** Installs a version; the caller holds the mutex. */
  void install(Key key, long commitTs, byte[] value) {
    data.put(key, new Version(commitTs, value, data.get(key)));
  }

  static byte[] visible(Version v, long ts) {
    while (v != null && v.commitTs() > ts) {
      v = v.older();
    }
    return v == null ? null : v.value();
  }

  final class MemorySnapshot implements Snapshot {
    private final long ts;
    private final SnapshotOptions options;

    MemorySnapshot(long ts, SnapshotOptions options) {
      this.ts = ts;
      this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public long timestamp() {
      return ts;
    }

    @Override
    public SnapshotOptions options() {
      return options;
    }

    @Override
    public byte[] get(Key key) {
      checkOpen();
      checkSafePoint(ts);
      if (key.isEmpty()) {
        throw new IllegalArgumentException("empty key");
      }
      return visible(data.get(key), ts);
    }

    @Override
    public Map<Key, byte[]> batchGet(Collection<Key> keys) {
      Map<Key, byte[]> out = new LinkedHashMap<>();
      for (Key k : keys) {
        byte[] v = get(k);
        if (v != null) {
          out.put(k, v);
        }
      }
      return out;
    }

    @Override
    public KvIterator<KvPair> iterate(KeyRange range) {
      checkOpen();
      checkSafePoint(ts);
      return new ScanIterator(view(range).entrySet().iterator(), ts);
    }

    @Override
    public KvIterator<KvPair> iterateReverse(KeyRange range) {
      checkOpen();
      checkSafePoint(ts);
      return new ScanIterator(view(range).descendingMap().entrySet().iterator(), ts);
    }

    private NavigableMap<Key, Version> view(KeyRange range) {
      if (range.isEmpty()) {
        return new java.util.TreeMap<>();
      }
      return range.isUnboundedEnd()
          ? data.tailMap(range.start(), true)
          : data.subMap(range.start(), true, range.end(), false);
    }
  }

  private final class ScanIterator implements KvIterator<KvPair> {
    private final Iterator<Map.Entry<Key, Version>> source;
    private final long ts;
    private KvPair next;
    private boolean done;

    ScanIterator(Iterator<Map.Entry<Key, Version>> source, long ts) {
      this.source = source;
      this.ts = ts;
    }

    @Override
    public boolean hasNext() {
      if (done) {
        return false;
      }
      checkOpen();
      while (next == null && source.hasNext()) {
        Map.Entry<Key, Version> e = source.next();
        byte[] v = visible(e.getValue(), ts);
        if (v != null) {
          next = new KvPair(e.getKey(), v);
        }
      }
      return next != null;
    }

    @Override
    public KvPair next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      KvPair out = next;
      next = null;
      return out;
    }

    @Override
    public void close() {
      done = true;
      next = null;
    }
  }

  private final class UnsupportedClient implements Client {
    @Override
    public CopResponseIterator send(CopRequest request) {
      checkOpen();
      throw new UnsupportedOperationException(
          "the in-memory reference storage runs no coprocessor requests (" + request.type() + ")");
    }

    @Override
    public boolean supports(CopRequestType type) {
      return false;
    }
  }
}
