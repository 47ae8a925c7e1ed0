package io.cairn.tikv.copr;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the coprocessor client. The retry budget of a region task is a runtime setting
 * ({@link io.cairn.tikv.config.BackoffBudgets#copMillis()}), not part of this record.
 *
 * @param timeout the deadline of each Coprocessor RPC (client-go's {@code ReadTimeoutMedium},
 *     60 s): the node stops the DAG when it passes
 * @param cacheCapacityBytes the initial capacity of the result cache (TiDB's {@code
 *     copr-cache.capacity-mb}); 0 disables it. Cairn's default is 64 MiB, below TiDB's 1000 MB,
 *     because a Cairn cache entry serves one snapshot timestamp only (see {@link CoprCache})
 * @param cacheAdmissionMaxBytes the largest region answer the cache keeps (TiDB's {@code
 *     copr-cache.admission-max-result-mb}, 10 MiB)
 */
public record CopConfig(Duration timeout, long cacheCapacityBytes, long cacheAdmissionMaxBytes) {

  /** Largest cache capacity accepted: 1 TiB, far beyond any heap. */
  public static final long MAX_CACHE_BYTES = 1L << 40;

  public CopConfig {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("coprocessor timeout must be positive: " + timeout);
    }
    if (cacheCapacityBytes < 0 || cacheCapacityBytes > MAX_CACHE_BYTES) {
      throw new IllegalArgumentException("copr-cache capacity must be in [0, 1 TiB]: " + cacheCapacityBytes + " bytes");
    }
    if (cacheAdmissionMaxBytes < 0) {
      throw new IllegalArgumentException("negative copr-cache admission limit " + cacheAdmissionMaxBytes);
    }
  }

  public static CopConfig defaults() {
    return new CopConfig(Duration.ofSeconds(60), 64L << 20, 10L << 20);
  }

  /**
   * A cache capacity given as a decimal number of MiB ({@code 64}, {@code 0.5}), as TiDB's
   * {@code copr-cache.capacity-mb} is, in bytes (rounded down).
   *
   * @param name the setting's name, for the error message
   * @throws IllegalArgumentException when {@code value} is no number in [0, 1048576]
   */
  public static long capacityFromMib(String name, String value) {
    BigDecimal mb;
    try {
      mb = new BigDecimal(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " takes a number of MiB, not '" + value + "'", e);
    }
    if (mb.signum() < 0 || mb.compareTo(BigDecimal.valueOf(MAX_CACHE_BYTES >> 20)) > 0) {
      throw new IllegalArgumentException(name + " must be in [0, " + (MAX_CACHE_BYTES >> 20) + "] MiB, not " + value);
    }
    return mb.multiply(BigDecimal.valueOf(1L << 20)).longValue();
  }

  /** {@code bytes} as a decimal number of MiB, the inverse of {@link #capacityFromMib}. */
  public static String capacityToMib(long bytes) {
    return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(1L << 20)).stripTrailingZeros().toPlainString();
  }

  public CopConfig withTimeout(Duration t) {
    return new CopConfig(t, cacheCapacityBytes, cacheAdmissionMaxBytes);
  }

  public CopConfig withCacheCapacityBytes(long bytes) {
    return new CopConfig(timeout, bytes, cacheAdmissionMaxBytes);
  }

  public CopConfig withCacheAdmissionMaxBytes(long bytes) {
    return new CopConfig(timeout, cacheCapacityBytes, bytes);
  }
}
