package io.cairn.pd.tso;

import io.cairn.pd.PdClock;
import io.cairn.pd.storage.MetaStore;
import java.nio.ByteBuffer;

/**
 * Hands out strictly increasing timestamps {@code physical_ms << 18 | logical}, also across
 * restarts.
 *
 * <p>Why it is monotonic across restarts: before any timestamp with physical part {@code p} is
 * handed out, a window end {@code w > p} is persisted (key {@value #WINDOW_KEY}, 8-byte
 * big-endian milliseconds), always {@code now + windowMs} ahead, so the disk is written about
 * once per window, not per request. A restarted oracle starts at physical
 * {@code max(now, persisted w)}, above everything handed out before, even if the wall clock went
 * backwards meanwhile.
 *
 * <p>Within one process the physical part never goes backwards: when the clock stands still or
 * runs back, logical counts up on the last physical value; when the 18 logical bits would
 * overflow, the oracle waits until the clock passes the last physical value.
 *
 * <p>Thread-safe: {@link #allocate} is serialized.
 */
public final class TimestampOracle {

  /** Bits of the logical part. */
  public static final int LOGICAL_BITS = 18;
  /** Largest logical value. */
  public static final long MAX_LOGICAL = (1L << LOGICAL_BITS) - 1;
  static final String WINDOW_KEY = "tso/window";

  private final PdClock clock;
  private final MetaStore store;
  private final long windowMs;
  private long physical;
  private long logical;
  private long windowEnd;

  /**
   * @param windowMs how far ahead of the clock the persisted window reaches (3000 in PD); on a
   *     restart the physical time may jump forward by up to this much
   */
  public TimestampOracle(PdClock clock, MetaStore store, long windowMs) {
    if (windowMs <= 0) {
      throw new IllegalArgumentException("windowMs must be positive: " + windowMs);
    }
    this.clock = clock;
    this.store = store;
    this.windowMs = windowMs;
    byte[] saved = store.get(WINDOW_KEY);
    long last = saved == null ? 0 : ByteBuffer.wrap(saved).getLong();
    // Begin at the persisted window end: every timestamp of the previous run was below it.
    this.physical = Math.max(clock.millis(), last);
    this.logical = -1;
    this.windowEnd = 0;
  }

  /** A granted batch: {@code count} timestamps ending at {@code last}, same physical part. */
  public record Batch(long physical, long lastLogical, int count) {
    /** The composed last timestamp. */
    public long last() {
      return compose(physical, lastLogical);
    }

    /** The composed first timestamp. */
    public long first() {
      return compose(physical, lastLogical - count + 1);
    }
  }

  /**
   * Grants {@code count} consecutive timestamps (1 ≤ count ≤ 2^18) sharing one physical part.
   *
   * @throws InterruptedException if interrupted while waiting for the clock after a logical
   *     overflow
   */
  public synchronized Batch allocate(int count) throws InterruptedException {
    if (count < 1 || count > MAX_LOGICAL + 1) {
      throw new IllegalArgumentException("timestamp count must be in [1, 2^18]: " + count);
    }
    long now = clock.millis();
    if (now > physical) {
      physical = now;
      logical = -1;
    } else if (logical + count > MAX_LOGICAL) {
      clock.awaitAfter(physical);
      physical = Math.max(physical + 1, clock.millis());
      logical = -1;
    }
    if (physical >= windowEnd) {
      long end = Math.max(physical, clock.millis()) + windowMs;
      store.put(WINDOW_KEY, ByteBuffer.allocate(8).putLong(end).array());
      windowEnd = end;
    }
    logical += count;
    return new Batch(physical, logical, count);
  }

  /** {@code physical << 18 | logical}. */
  public static long compose(long physical, long logical) {
    return (physical << LOGICAL_BITS) | logical;
  }
}
