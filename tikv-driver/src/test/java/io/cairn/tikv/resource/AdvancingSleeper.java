package io.cairn.tikv.resource;

import io.cairn.tikv.retry.Sleeper;
import io.cairn.tikv.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Sleeper that returns at once after moving a manual clock by the time asked for. */
final class AdvancingSleeper implements Sleeper {

  final List<Long> sleeps = new CopyOnWriteArrayList<>();
  private final ManualClock clock;

  AdvancingSleeper(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public void sleep(long millis) {
    sleeps.add(millis);
    clock.advance(Duration.ofMillis(millis));
  }

  long total() {
    return sleeps.stream().mapToLong(Long::longValue).sum();
  }
}
