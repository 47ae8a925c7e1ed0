package io.cairn.sql.engine;

import java.time.Clock;

/**
 * The knobs of a {@link SqlEngine}.
 *
 * @param autoIdStep how many AUTO_INCREMENT values / row ids the allocator caches per table
 * @param backfillBatchSize rows per transaction when CREATE INDEX backfills
 * @param deleteBatchSize keys per transaction when DROP/TRUNCATE deletes a table's range
 * @param clock the statement clock (NOW(), CURRENT_TIMESTAMP defaults)
 * @param planCacheSize plans each session keeps for text SELECTs that differ only in their
 *     WHERE literals ({@link TextPlanCache}); 0 turns the cache off
 */
public record EngineConfig(int autoIdStep, int backfillBatchSize, int deleteBatchSize, Clock clock,
    int planCacheSize) {

  public static final EngineConfig DEFAULT = new EngineConfig(1000, 256, 1024, Clock.systemUTC(), 256);

  public EngineConfig {
    if (autoIdStep <= 0 || backfillBatchSize <= 0 || deleteBatchSize <= 0 || planCacheSize < 0) {
      throw new IllegalArgumentException("batch sizes and the id step must be positive, the cache size not negative");
    }
    java.util.Objects.requireNonNull(clock, "clock");
  }

  /** The same configuration with another plan cache size. */
  public EngineConfig withPlanCacheSize(int size) {
    return new EngineConfig(autoIdStep, backfillBatchSize, deleteBatchSize, clock, size);
  }
}
