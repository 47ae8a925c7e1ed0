package io.cairn.tikv.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Transaction settings of the driver, with TiDB / client-go defaults.
 *
 * @param defaultLockTtl the TTL of an optimistic transaction's locks below
 *     {@code ttlSizeThresholdBytes} (client-go {@code defaultLockTTL}, 3 s)
 * @param maxLockTtl the cap of the size-derived TTL (client-go {@code maxLockTTL}, 20 min)
 * @param managedLockTtl the TTL of locks kept alive by heartbeats: pessimistic locks and large
 *     transactions (client-go {@code ManagedLockTTL}, 20 s); heartbeats run every half of it
 * @param ttlSizeThresholdBytes from this transaction size on, the TTL grows with the square root
 *     of the size in MiB (client-go {@code txnCommitBatchSize} 16 KiB) and heartbeats run
 * @param commitBatchBytes the size limit of one prewrite/commit batch (16 KiB)
 * @param entrySizeLimit the largest key plus value (TiDB {@code txn-entry-size-limit}, 6 MiB)
 * @param totalSizeLimit the largest transaction (TiDB {@code txn-total-size-limit}, 100 MiB)
 * @param resolveLiteThreshold locks of transactions with fewer keys are resolved one key at a
 *     time; larger ones by transaction over the whole region (client-go {@code bigTxnThreshold})
 * @param scanBatchSize pairs per KvScan request (client-go {@code scanBatchSize}, 256)
 * @param workerThreads the bounded executor for region fan-out
 */
public record TxnConfig(
    Duration defaultLockTtl,
    Duration maxLockTtl,
    Duration managedLockTtl,
    long ttlSizeThresholdBytes,
    long commitBatchBytes,
    long entrySizeLimit,
    long totalSizeLimit,
    int resolveLiteThreshold,
    int scanBatchSize,
    int workerThreads) {

  public TxnConfig {
    Objects.requireNonNull(defaultLockTtl, "defaultLockTtl");
    Objects.requireNonNull(maxLockTtl, "maxLockTtl");
    Objects.requireNonNull(managedLockTtl, "managedLockTtl");
    if (defaultLockTtl.isNegative() || defaultLockTtl.isZero() || managedLockTtl.isNegative() || managedLockTtl.isZero()) {
      throw new IllegalArgumentException("lock TTLs must be positive");
    }
    if (maxLockTtl.compareTo(defaultLockTtl) < 0) {
      throw new IllegalArgumentException("max lock TTL " + maxLockTtl + " below the default " + defaultLockTtl);
    }
    if (commitBatchBytes <= 0 || entrySizeLimit <= 0 || totalSizeLimit <= 0 || scanBatchSize <= 0 || workerThreads <= 0) {
      throw new IllegalArgumentException("batch sizes, limits and thread counts must be positive");
    }
  }

  public static TxnConfig defaults() {
    return new TxnConfig(
        Duration.ofSeconds(3), Duration.ofMinutes(20), Duration.ofSeconds(20),
        16L << 20, 16L << 10, 6L << 20, 100L << 20, 16, 256, 16);
  }

  public TxnConfig withLockTtls(Duration defaultTtl, Duration managedTtl) {
    return new TxnConfig(defaultTtl, maxLockTtl, managedTtl, ttlSizeThresholdBytes, commitBatchBytes,
        entrySizeLimit, totalSizeLimit, resolveLiteThreshold, scanBatchSize, workerThreads);
  }

  public TxnConfig withTtlSizeThreshold(long bytes) {
    return new TxnConfig(defaultLockTtl, maxLockTtl, managedLockTtl, bytes, commitBatchBytes,
        entrySizeLimit, totalSizeLimit, resolveLiteThreshold, scanBatchSize, workerThreads);
  }

  public TxnConfig withSizeLimits(long entryLimit, long totalLimit) {
    return new TxnConfig(defaultLockTtl, maxLockTtl, managedLockTtl, ttlSizeThresholdBytes, commitBatchBytes,
        entryLimit, totalLimit, resolveLiteThreshold, scanBatchSize, workerThreads);
  }

  public TxnConfig withScanBatchSize(int n) {
    return new TxnConfig(defaultLockTtl, maxLockTtl, managedLockTtl, ttlSizeThresholdBytes, commitBatchBytes,
        entrySizeLimit, totalSizeLimit, resolveLiteThreshold, n, workerThreads);
  }

  /**
   * The lock TTL of an optimistic transaction of {@code sizeBytes} (client-go
   * {@code txnLockTTL}): the default below the threshold, else 6 s per square root of the size
   * in MiB, capped at the maximum.
   */
  public long lockTtlMillis(long sizeBytes) {
    long ttl = defaultLockTtl.toMillis();
    if (sizeBytes >= ttlSizeThresholdBytes) {
      double mib = (double) sizeBytes / (1 << 20);
      ttl = Math.max(ttl, (long) (6_000 * Math.sqrt(Math.max(mib, 1))));
    }
    return Math.min(ttl, maxLockTtl.toMillis());
  }
}
