package io.cairn.tikv.testing;

import io.cairn.tikv.retry.Sleeper;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Sleeper that records the sleeps and returns at once. */
public final class RecordingSleeper implements Sleeper {

  public final List<Long> sleeps = new CopyOnWriteArrayList<>();

  @Override
  public void sleep(long millis) {
    sleeps.add(millis);
  }

  public long total() {
    return sleeps.stream().mapToLong(Long::longValue).sum();
  }
}
