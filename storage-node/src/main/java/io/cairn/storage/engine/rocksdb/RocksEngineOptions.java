package io.cairn.storage.engine.rocksdb;

import io.cairn.storage.engine.ColumnFamily;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link RocksEngine} opens its database. Build with {@link #builder(Path)}; every size is
 * in bytes. The defaults suit a small node (2–4 cores, a few GiB of RAM); see the README's engine
 * section for why each one was chosen.
 *
 * @param dataDir the RocksDB directory; created with its column families if missing
 * @param blockCacheBytes capacity of the one LRU block cache shared by all column families; it
 *     also holds index and filter blocks, so it bounds read-side memory
 * @param memtableBudgetBytes total memtable memory across column families ({@code
 *     db_write_buffer_size}); reaching it flushes the largest memtable
 * @param writeBufferBytes memtable size of each column family before it is switched and flushed
 * @param maxBackgroundJobs flush and compaction threads
 * @param bloomBitsPerKey bits per key of the bloom filters of {@code default}, {@code write} and
 *     {@code lock} (10 gives about 1% false positives); 0 turns them off
 * @param prefixLengths column families that get a capped prefix extractor of the given length,
 *     with a prefix bloom in their memtables; none by default
 */
public record RocksEngineOptions(
    Path dataDir,
    long blockCacheBytes,
    long memtableBudgetBytes,
    long writeBufferBytes,
    int maxBackgroundJobs,
    int bloomBitsPerKey,
    Map<ColumnFamily, Integer> prefixLengths) {

  public static final long DEFAULT_BLOCK_CACHE_BYTES = 256L << 20;
  public static final long DEFAULT_MEMTABLE_BUDGET_BYTES = 128L << 20;
  public static final long DEFAULT_WRITE_BUFFER_BYTES = 32L << 20;
  public static final int DEFAULT_BLOOM_BITS_PER_KEY = 10;

  public RocksEngineOptions {
    Objects.requireNonNull(dataDir, "dataDir");
    requirePositive(blockCacheBytes, "blockCacheBytes");
    requirePositive(memtableBudgetBytes, "memtableBudgetBytes");
    requirePositive(writeBufferBytes, "writeBufferBytes");
    requirePositive(maxBackgroundJobs, "maxBackgroundJobs");
    if (bloomBitsPerKey < 0) {
      throw new IllegalArgumentException("bloomBitsPerKey must be >= 0: " + bloomBitsPerKey);
    }
    EnumMap<ColumnFamily, Integer> copy = new EnumMap<>(ColumnFamily.class);
    copy.putAll(prefixLengths);
    copy.forEach((cf, len) -> requirePositive(len, "prefix length of " + cf));
    prefixLengths = Collections.unmodifiableMap(copy);
  }

  private static void requirePositive(long value, String what) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be > 0: " + value);
    }
  }

  /** A builder with the defaults for a small node storing its data in {@code dataDir}. */
  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  /** The default options for {@code dataDir}. */
  public static RocksEngineOptions defaults(Path dataDir) {
    return builder(dataDir).build();
  }

  /** Builds {@link RocksEngineOptions}; not thread-safe. */
  public static final class Builder {
    private final Path dataDir;
    private long blockCacheBytes = DEFAULT_BLOCK_CACHE_BYTES;
    private long memtableBudgetBytes = DEFAULT_MEMTABLE_BUDGET_BYTES;
    private long writeBufferBytes = DEFAULT_WRITE_BUFFER_BYTES;
    // Two cores already run the gRPC, Raft and coprocessor threads; four jobs is enough to keep
    // flushes from stalling behind one long compaction.
    private int maxBackgroundJobs = Math.clamp(Runtime.getRuntime().availableProcessors(), 2, 4);
    private int bloomBitsPerKey = DEFAULT_BLOOM_BITS_PER_KEY;
    private final Map<ColumnFamily, Integer> prefixLengths = new EnumMap<>(ColumnFamily.class);

    private Builder(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    }

    public Builder blockCacheBytes(long bytes) {
      this.blockCacheBytes = bytes;
      return this;
    }

    public Builder memtableBudgetBytes(long bytes) {
      this.memtableBudgetBytes = bytes;
      return this;
    }

    public Builder writeBufferBytes(long bytes) {
      this.writeBufferBytes = bytes;
      return this;
    }

    public Builder maxBackgroundJobs(int jobs) {
      this.maxBackgroundJobs = jobs;
      return this;
    }

    public Builder bloomBitsPerKey(int bits) {
      this.bloomBitsPerKey = bits;
      return this;
    }

    /** Gives {@code cf} a capped prefix extractor of {@code length} bytes. */
    public Builder prefixLength(ColumnFamily cf, int length) {
      prefixLengths.put(Objects.requireNonNull(cf, "cf"), length);
      return this;
    }

    public RocksEngineOptions build() {
      return new RocksEngineOptions(
          dataDir,
          blockCacheBytes,
          memtableBudgetBytes,
          writeBufferBytes,
          maxBackgroundJobs,
          bloomBitsPerKey,
          prefixLengths);
    }
  }
}
