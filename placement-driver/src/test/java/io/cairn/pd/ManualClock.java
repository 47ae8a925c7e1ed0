package io.cairn.pd;

import java.util.concurrent.atomic.AtomicLong;

/** A {@link PdClock} the test moves by hand; waiting for it moves it just past the target. */
public final class ManualClock implements PdClock {

  private final AtomicLong now;

  public ManualClock(long startMillis) {
    this.now = new AtomicLong(startMillis);
  }

  @Override
  public long millis() {
    return now.get();
  }

  @Override
  public void awaitAfter(long millis) {
    now.accumulateAndGet(millis + 1, Math::max);
  }

  public void set(long millis) {
    now.set(millis);
  }

  public void advance(long millis) {
    now.addAndGet(millis);
  }
}
