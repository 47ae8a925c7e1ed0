package io.cairn.storage.engine.rocksdb;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineException;
import io.cairn.storage.engine.EngineIterator;
import io.cairn.storage.engine.EngineSnapshot;
import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.engine.WriteBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LevelMetaData;
import org.rocksdb.LRUCache;
import org.rocksdb.Range;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.SizeApproximationFlag;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;
import org.rocksdb.SstFileMetaData;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteOptions;

/**
 * A {@link KvEngine} on RocksDB: one database with one RocksDB column family per
 * {@link ColumnFamily}, named by {@link ColumnFamily#cfName()} ({@code DEFAULT} is RocksDB's own
 * {@code "default"}). Keys and values are stored exactly as given; RocksDB's default bytewise
 * comparator orders keys as unsigned bytes, which is the SPI's order.
 *
 * <p>Durability: the write-ahead log is always on and recovery uses point-in-time mode, so after
 * a crash the database holds a prefix of the written batches, each batch whole (a torn last
 * record is dropped). A batch written with {@code sync=true} is fsynced before {@link #write}
 * returns and survives any crash; an unsynced one survives a process crash (it is in the OS page
 * cache) but not a machine crash.
 *
 * <p>Native handles: the engine owns the database, the column-family handles, the shared block
 * cache, the filter policy and every options object, and tracks each open snapshot and iterator.
 * {@link #close()} waits for calls in flight, then closes iterators, snapshots, column-family
 * handles, the database and the option objects, in that order; snapshots and iterators closed
 * this way throw {@link IllegalStateException} when used afterwards, so a late caller gets an
 * exception instead of touching freed native memory. Every call holds a shared lifecycle lock for
 * that reason.
 *
 * <p>Options (see {@link RocksEngineOptions} and the module README): one LRU block cache shared
 * by all column families and also holding index and filter blocks; whole-key bloom filters on
 * {@code default} (exact {@code key+start_ts} gets), {@code write} and {@code lock}; no prefix
 * extractor unless configured; LZ4 compression with ZSTD for the bottommost level; a total
 * memtable budget; background jobs sized for a small machine.
 */
public final class RocksEngine implements KvEngine {

  static {
    RocksDB.loadLibrary();
  }

  private static final long BLOCK_SIZE_BYTES = 16L << 10;
  private static final double HIGH_PRIORITY_POOL_RATIO = 0.5;

  private final RocksEngineOptions options;
  private final String dataDir;
  private final RocksDB db;
  private final Map<ColumnFamily, ColumnFamilyHandle> handles;
  private final Set<ColumnFamily> prefixFamilies;
  private final WriteOptions syncWrite;
  private final WriteOptions asyncWrite;
  private final ReadOptions liveRead;
  /** Everything to close after the database, in closing order. */
  private final Deque<AutoCloseable> ownedAfterDb;

  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  /** Written under the lifecycle write lock, read under its read lock. */
  private boolean closed;
  private final Set<RocksEngineIterator> openIterators = ConcurrentHashMap.newKeySet();
  private final Set<RocksEngineSnapshot> openSnapshots = ConcurrentHashMap.newKeySet();

  private RocksEngine(
      RocksEngineOptions options,
      RocksDB db,
      Map<ColumnFamily, ColumnFamilyHandle> handles,
      Deque<AutoCloseable> ownedAfterDb) {
    this.options = options;
    this.dataDir = options.dataDir().toString();
    this.db = db;
    this.handles = handles;
    this.prefixFamilies = options.prefixLengths().keySet();
    this.ownedAfterDb = ownedAfterDb;
    this.syncWrite = own(new WriteOptions().setSync(true));
    this.asyncWrite = own(new WriteOptions().setSync(false));
    this.liveRead = own(new ReadOptions());
  }

  private <T extends AutoCloseable> T own(T resource) {
    return push(ownedAfterDb, resource);
  }

  /**
   * Opens the database in {@code options.dataDir()}, creating the directory, the database and
   * missing column families as needed.
   *
   * @throws EngineException if RocksDB cannot open it, e.g. because another process holds it
   */
  public static RocksEngine open(RocksEngineOptions options) {
    Objects.requireNonNull(options, "options");
    try {
      Files.createDirectories(options.dataDir());
    } catch (IOException e) {
      throw new EngineException(
          EngineException.Kind.IO_ERROR, "cannot create data dir " + options.dataDir(), e);
    }
    // Closed in reverse creation order if opening fails, and by close() otherwise.
    Deque<AutoCloseable> owned = new ArrayDeque<>();
    try {
      // Half the cache is the high-priority pool that index and filter blocks go to, so a large
      // scan's data blocks cannot evict them.
      LRUCache cache =
          push(owned, new LRUCache(options.blockCacheBytes(), -1, false, HIGH_PRIORITY_POOL_RATIO));
      BloomFilter bloom =
          options.bloomBitsPerKey() == 0
              ? null
              : push(owned, new BloomFilter(options.bloomBitsPerKey()));
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (ColumnFamily cf : ColumnFamily.values()) {
        ColumnFamilyOptions cfOptions = push(owned, columnFamilyOptions(options, cf, cache, bloom));
        descriptors.add(new ColumnFamilyDescriptor(nameBytes(cf), cfOptions));
      }
      DBOptions dbOptions = push(owned, dbOptions(options));
      List<ColumnFamilyHandle> handleList = new ArrayList<>();
      RocksDB db;
      try {
        db = RocksDB.open(dbOptions, options.dataDir().toString(), descriptors, handleList);
      } catch (RocksDBException e) {
        throw RocksErrors.translate("open", options.dataDir().toString(), e);
      }
      Map<ColumnFamily, ColumnFamilyHandle> handles = new EnumMap<>(ColumnFamily.class);
      for (int i = 0; i < descriptors.size(); i++) {
        handles.put(ColumnFamily.values()[i], handleList.get(i));
      }
      return new RocksEngine(options, db, handles, owned);
    } catch (RuntimeException | Error e) {
      closeAll(owned, e);
      throw e;
    }
  }

  private static <T extends AutoCloseable> T push(Deque<AutoCloseable> owned, T resource) {
    owned.addFirst(resource);
    return resource;
  }

  private static byte[] nameBytes(ColumnFamily cf) {
    return cf == ColumnFamily.DEFAULT
        ? RocksDB.DEFAULT_COLUMN_FAMILY
        : cf.cfName().getBytes(StandardCharsets.UTF_8);
  }

  private static DBOptions dbOptions(RocksEngineOptions options) {
    return new DBOptions()
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        .setMaxBackgroundJobs(options.maxBackgroundJobs())
        .setMaxSubcompactions(1)
        .setDbWriteBufferSize(options.memtableBudgetBytes())
        // The raft CF is written rarely; without a WAL cap its old memtable would pin every WAL
        // file written since, and recovery would replay all of them.
        .setMaxTotalWalSize(4 * options.memtableBudgetBytes())
        // Point-in-time recovery drops a torn tail record: a batch cut by a crash vanishes whole.
        .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
        // Smooths writeback of SST and WAL files instead of one large fsync at their end.
        .setBytesPerSync(1L << 20)
        .setInfoLogLevel(InfoLogLevel.INFO_LEVEL)
        .setMaxLogFileSize(16L << 20)
        .setKeepLogFileNum(4);
  }

  private static ColumnFamilyOptions columnFamilyOptions(
      RocksEngineOptions options, ColumnFamily cf, LRUCache cache, BloomFilter bloom) {
    BlockBasedTableConfig table =
        new BlockBasedTableConfig()
            .setBlockCache(cache)
            .setBlockSize(BLOCK_SIZE_BYTES)
            // Index and filter blocks live in the cache, so the cache size bounds read memory;
            // L0's are pinned because every read consults them.
            .setCacheIndexAndFilterBlocks(true)
            .setCacheIndexAndFilterBlocksWithHighPriority(true)
            .setPinL0FilterAndIndexBlocksInCache(true);
    // The raft CF holds a handful of region-state keys read at startup: a filter buys nothing.
    if (bloom != null && cf != ColumnFamily.RAFT) {
      table.setFilterPolicy(bloom).setWholeKeyFiltering(true).setOptimizeFiltersForMemory(true);
    }
    ColumnFamilyOptions cfOptions =
        new ColumnFamilyOptions()
            .setTableFormatConfig(table)
            .setWriteBufferSize(options.writeBufferBytes())
            .setMaxWriteBufferNumber(3)
            .setLevelCompactionDynamicLevelBytes(true)
            // LZ4 is cheap enough for every level; the bottommost level holds most of the data
            // and changes least, so it gets ZSTD's better ratio.
            .setCompressionType(CompressionType.LZ4_COMPRESSION)
            .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION);
    Integer prefix = options.prefixLengths().get(cf);
    if (prefix != null) {
      cfOptions.useCappedPrefixExtractor(prefix).setMemtablePrefixBloomSizeRatio(0.1);
    }
    return cfOptions;
  }

  /** The options this engine was opened with. */
  public RocksEngineOptions options() {
    return options;
  }

  // ---- reads ----

  @Override
  public byte[] get(ColumnFamily cf, byte[] key) {
    Objects.requireNonNull(key, "key");
    Lock lock = enter();
    try {
      return db.get(handle(cf), liveRead, key);
    } catch (RocksDBException e) {
      throw RocksErrors.translate("get", dataDir, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public EngineIterator iterator(ColumnFamily cf, byte[] lowerBound, byte[] upperBound) {
    Lock lock = enter();
    try {
      return newIterator(cf, lowerBound, upperBound, null, openIterators);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public EngineSnapshot snapshot() {
    Lock lock = enter();
    try {
      Snapshot snapshot = db.getSnapshot();
      RocksEngineSnapshot result = new RocksEngineSnapshot(this, snapshot);
      openSnapshots.add(result);
      return result;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Creates an iterator reading the live engine ({@code snapshot == null}) or a snapshot, and
   * registers it with the engine and {@code ownerRegistry}. Called with the lifecycle lock held
   * (and the snapshot's read lock, if any).
   */
  RocksEngineIterator newIterator(
      ColumnFamily cf,
      byte[] lowerBound,
      byte[] upperBound,
      RocksEngineSnapshot snapshot,
      Set<RocksEngineIterator> ownerRegistry) {
    ColumnFamilyHandle handle = handle(cf);
    Slice lower = lowerBound == null ? null : new Slice(lowerBound.clone());
    Slice upper = upperBound == null ? null : new Slice(upperBound.clone());
    ReadOptions readOptions = new ReadOptions();
    if (lower != null) {
      readOptions.setIterateLowerBound(lower);
    }
    if (upper != null) {
      readOptions.setIterateUpperBound(upper);
    }
    if (snapshot != null) {
      readOptions.setSnapshot(snapshot.nativeSnapshot());
    }
    if (prefixFamilies.contains(cf)) {
      // With a prefix extractor a plain seek may skip keys of other prefixes; auto prefix mode
      // uses the prefix bloom only when it cannot change the result.
      readOptions.setAutoPrefixMode(true);
    }
    RocksEngineIterator it =
        new RocksEngineIterator(
            this,
            db.newIterator(handle, readOptions),
            readOptions,
            lower,
            upper,
            lowerBound == null ? null : lowerBound.clone(),
            upperBound == null ? null : upperBound.clone(),
            snapshot,
            ownerRegistry);
    openIterators.add(it);
    ownerRegistry.add(it);
    return it;
  }

  // ---- writes ----

  @Override
  public WriteBatch newWriteBatch() {
    return new RocksWriteBatch();
  }

  @Override
  public void write(WriteBatch batch, boolean sync) {
    if (!(batch instanceof RocksWriteBatch rocksBatch)) {
      throw new IllegalArgumentException(
          "not a batch of a RocksEngine: " + (batch == null ? "null" : batch.getClass()));
    }
    Lock lock = enter();
    try {
      if (rocksBatch.isEmpty()) {
        return;
      }
      try (org.rocksdb.WriteBatch nativeBatch = new org.rocksdb.WriteBatch()) {
        for (RocksWriteBatch.Op op : rocksBatch.ops()) {
          ColumnFamilyHandle handle = handle(op.cf());
          switch (op.kind()) {
            case PUT -> nativeBatch.put(handle, op.key(), op.value());
            case DELETE -> nativeBatch.delete(handle, op.key());
            case DELETE_RANGE -> nativeBatch.deleteRange(handle, op.key(), op.value());
          }
        }
        db.write(sync ? syncWrite : asyncWrite, nativeBatch);
      } catch (RocksDBException e) {
        throw RocksErrors.translate("write", dataDir, e);
      }
    } finally {
      lock.unlock();
    }
  }

  // ---- sizes and maintenance ----

  /**
   * Approximate bytes stored in {@code [start, end)} of {@code cf}, memtables included: cheap
   * (index blocks and memtable statistics only), meant for region size checks.
   */
  public long approximateSize(ColumnFamily cf, byte[] start, byte[] end) {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Lock lock = enter();
    try (Slice s = new Slice(start); Slice e = new Slice(end)) {
      long[] sizes =
          db.getApproximateSizes(
              handle(cf),
              List.of(new Range(s, e)),
              SizeApproximationFlag.INCLUDE_FILES,
              SizeApproximationFlag.INCLUDE_MEMTABLES);
      return sizes[0];
    } finally {
      lock.unlock();
    }
  }

  /**
   * Approximate number of entries in {@code [start, end)} of {@code cf}: the memtables' estimate
   * plus every entry (deletions included) of each SST file whose key range overlaps the range, so
   * it errs high when a file straddles the range's ends. Reads file metadata only.
   */
  public long approximateKeys(ColumnFamily cf, byte[] start, byte[] end) {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Lock lock = enter();
    try (Slice s = new Slice(start); Slice e = new Slice(end)) {
      ColumnFamilyHandle handle = handle(cf);
      long count = db.getApproximateMemTableStats(handle, new Range(s, e)).count;
      // getPropertiesOfTablesInRange would be the direct call, but its JNI binding in 11.8.1
      // returns the wrong type (IncompatibleClassChangeError), so file metadata is used instead.
      for (LevelMetaData level : db.getColumnFamilyMetaData(handle).levels()) {
        for (SstFileMetaData file : level.files()) {
          if (Arrays.compareUnsigned(file.smallestKey(), end) < 0
              && Arrays.compareUnsigned(file.largestKey(), start) >= 0) {
            count += file.numEntries();
          }
        }
      }
      return count;
    } finally {
      lock.unlock();
    }
  }

  /** Flushes every column family's memtables to SST files and waits for it. */
  public void flush() {
    Lock lock = enter();
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush, new ArrayList<>(handles.values()));
    } catch (RocksDBException e) {
      throw RocksErrors.translate("flush", dataDir, e);
    } finally {
      lock.unlock();
    }
  }

  // ---- lifecycle ----

  /** Takes the shared lifecycle lock; throws if the engine is closed. */
  Lock enter() {
    Lock lock = lifecycle.readLock();
    lock.lock();
    if (closed) {
      lock.unlock();
      throw new IllegalStateException("RocksEngine at " + dataDir + " is closed");
    }
    return lock;
  }

  ColumnFamilyHandle handle(ColumnFamily cf) {
    return handles.get(Objects.requireNonNull(cf, "cf"));
  }

  RocksDB db() {
    return db;
  }

  String dataDir() {
    return dataDir;
  }

  void forgetIterator(RocksEngineIterator it) {
    openIterators.remove(it);
  }

  void forgetSnapshot(RocksEngineSnapshot snapshot) {
    openSnapshots.remove(snapshot);
  }

  /** Number of snapshots and iterators not yet closed (for tests). */
  int openHandleCount() {
    return openIterators.size() + openSnapshots.size();
  }

  /**
   * Closes the engine, first closing every snapshot and iterator still open (their later use
   * throws {@link IllegalStateException}). Idempotent; waits for calls in flight.
   */
  @Override
  public void close() {
    Lock lock = lifecycle.writeLock();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (RocksEngineIterator it : List.copyOf(openIterators)) {
        it.closeNative();
      }
      for (RocksEngineSnapshot snapshot : List.copyOf(openSnapshots)) {
        snapshot.closeNative();
      }
      Deque<AutoCloseable> order = new ArrayDeque<>(handles.values());
      Throwable failure = null;
      failure = closeAll(order, failure);
      try {
        db.closeE();
      } catch (RocksDBException e) {
        failure = addFailure(failure, RocksErrors.translate("close", dataDir, e));
      }
      failure = closeAll(ownedAfterDb, failure);
      if (failure instanceof RuntimeException re) {
        throw re;
      } else if (failure instanceof Error err) {
        throw err;
      } else if (failure != null) {
        throw new EngineException(EngineException.Kind.OTHER, "close failed in " + dataDir, failure);
      }
    } finally {
      lock.unlock();
    }
  }

  private static Throwable closeAll(Deque<AutoCloseable> resources, Throwable failure) {
    while (!resources.isEmpty()) {
      try {
        resources.removeFirst().close();
      } catch (Exception | Error e) {
        failure = addFailure(failure, e);
      }
    }
    return failure;
  }

  private static Throwable addFailure(Throwable first, Throwable next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
