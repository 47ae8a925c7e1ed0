package io.cairn.tikv.gc;

import io.cairn.kv.ErrorCode;
import io.cairn.kv.GcTooEarlyException;
import io.cairn.kv.KvException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GC safe point as last read from PD, refreshed in the background, and the check that keeps
 * reads above it (client-go's {@code KVStore.CheckVisibility}).
 *
 * <p>A read at timestamp {@code ts} is refused with {@link GcTooEarlyException} when {@code ts}
 * is below the cached safe point: versions it should see may be gone. Reading exactly at the
 * safe point is allowed (GC keeps the versions visible there). Because GC may have advanced
 * since the last refresh, a cached value older than {@code maxAge} is not trusted: reads then
 * fail with {@link ErrorCode#PD_SERVER_TIMEOUT} ("may fall behind the safe point") until a
 * refresh succeeds. client-go's figures: refresh every 10 s, trust for 100 s minus 1 s of clock
 * inaccuracy.
 *
 * <p>The cached value never moves backwards (PD's safe point does not either; a lagging PD
 * follower must not lower it). Thread-safe; {@link #close()} stops the refresh.
 */
public final class SafePointCache implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SafePointCache.class);

  /** client-go's {@code gcSafePointUpdateInterval}. */
  public static final Duration UPDATE_INTERVAL = Duration.ofSeconds(10);
  /** client-go's {@code GcSafePointCacheInterval - gcCPUTimeInaccuracyBound}. */
  public static final Duration MAX_AGE = Duration.ofSeconds(99);

  private record Loaded(long safePoint, long atNanos) {}

  private final LongSupplier loader;
  private final LongSupplier nanoClock;
  private final long maxAgeNanos;
  private volatile Loaded loaded;
  private volatile ScheduledFuture<?> refresher;

  /**
   * Reads the safe point once; the cache is usable when this returns.
   *
   * @param loader reads PD's safe point (PD's {@code GetGCSafePoint}); throws when PD fails
   * @param nanoClock a monotonic clock ({@code System::nanoTime} outside tests)
   * @throws RuntimeException as {@code loader} throws it: a store whose safe point cannot be
   *     read is not opened
   */
  public SafePointCache(LongSupplier loader, LongSupplier nanoClock, Duration maxAge) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("safe point max age must be positive: " + maxAge);
    }
    this.maxAgeNanos = maxAge.toNanos();
    long first = loader.getAsLong();
    this.loaded = new Loaded(first, nanoClock.getAsLong());
  }

  /** Refreshes every {@code interval} on {@code scheduler} (owned by the caller) until closed. */
  public void start(ScheduledExecutorService scheduler, Duration interval) {
    long ms = interval.toMillis();
    refresher = scheduler.scheduleWithFixedDelay(this::refreshQuietly, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Reads the safe point from PD now.
   *
   * @return the value in force afterwards
   * @throws RuntimeException as the loader throws it; the cached value stays as it was
   */
  public long refresh() {
    long fresh = loader.getAsLong();
    long now = nanoClock.getAsLong();
    synchronized (this) {
      long kept = loaded.safePoint();
      loaded = new Loaded(Long.compareUnsigned(fresh, kept) > 0 ? fresh : kept, now);
      return loaded.safePoint();
    }
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // The next round tries again; reads start failing only once the value is too old.
      LOG.warn("cannot read the GC safe point from PD: {}", e.toString());
    }
  }

  /** The safe point last read (0 when GC never ran). */
  public long safePoint() {
    return loaded.safePoint();
  }

  /**
   * Checks that a read at {@code ts} is above the GC safe point.
   *
   * @throws GcTooEarlyException when {@code ts} is below the safe point
   * @throws KvException {@code PD_SERVER_TIMEOUT} when the safe point was last read more than
   *     the maximum age ago, so that GC may have passed {@code ts} unseen
   */
  public void checkVisibility(long ts) {
    Loaded l = loaded;
    long age = nanoClock.getAsLong() - l.atNanos();
    if (age > maxAgeNanos) {
      throw new KvException(ErrorCode.PD_SERVER_TIMEOUT, "start timestamp " + ts
          + " may fall behind the GC safe point: it was last read from PD "
          + Duration.ofNanos(age).toSeconds() + " s ago");
    }
    if (Long.compareUnsigned(ts, l.safePoint()) < 0) {
      throw new GcTooEarlyException(ts, l.safePoint());
    }
  }

  @Override
  public void close() {
    ScheduledFuture<?> r = refresher;
    if (r != null) {
      r.cancel(false);
    }
  }
}
