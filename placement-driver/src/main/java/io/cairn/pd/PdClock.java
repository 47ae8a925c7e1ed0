package io.cairn.pd;

/**
 * PD's source of wall-clock time, injectable so that tests control time (including a clock that
 * jumps backwards) instead of sleeping.
 *
 * <p>Contract: {@link #millis()} is milliseconds since the Unix epoch and may go backwards (NTP
 * steps); PD never relies on it being monotonic. {@link #awaitAfter(long)} returns once
 * {@code millis() > millis}. Implementations are thread-safe.
 */
public interface PdClock {

  /** Milliseconds since the Unix epoch. */
  long millis();

  /** Blocks until {@link #millis()} is strictly greater than {@code millis}. */
  void awaitAfter(long millis) throws InterruptedException;

  /** The system clock; waiting parks in 100 µs steps (a TSO overflow waits under 1 ms). */
  PdClock SYSTEM = new PdClock() {
    @Override
    public long millis() {
      return System.currentTimeMillis();
    }

    @Override
    public void awaitAfter(long millis) throws InterruptedException {
      while (System.currentTimeMillis() <= millis) {
        Thread.sleep(0, 100_000);
      }
    }
  };
}
