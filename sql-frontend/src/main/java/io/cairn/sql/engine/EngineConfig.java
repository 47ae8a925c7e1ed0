package io.cairn.sql.engine;

import java.time.Clock;

/**
 * The knobs of a {@link SqlEngine}.
 *
 * @param autoIdStep how many AUTO_INCREMENT values / row ids the allocator caches per table
 * @param backfillBatchSize rows per transaction when CREATE INDEX backfills
 * @param deleteBatchSize keys per transaction when DROP/TRUNCATE deletes a table's range
 * @param clock the statement clock (NOW(), CURRENT_TIMESTAMP defaults)
 */
public record EngineConfig(int autoIdStep, int backfillBatchSize, int deleteBatchSize, Clock clock) {

  public static final EngineConfig DEFAULT = new EngineConfig(1000, 256, 1024, Clock.systemUTC());

  public EngineConfig {
    if (autoIdStep <= 0 || backfillBatchSize <= 0 || deleteBatchSize <= 0) {
      throw new IllegalArgumentException("batch sizes and the id step must be positive");
    }
    java.util.Objects.requireNonNull(clock, "clock");
  }
}
