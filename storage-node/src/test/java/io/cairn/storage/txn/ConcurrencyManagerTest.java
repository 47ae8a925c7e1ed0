package io.cairn.storage.txn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConcurrencyManagerTest {

  @Test
  void keepsTheLargestTimestampObserved() {
    ConcurrencyManager cm = new ConcurrencyManager();
    assertThat(cm.maxTs()).isZero();
    cm.observe(10);
    cm.observe(7);
    assertThat(cm.maxTs()).isEqualTo(10);
  }

  @Test
  void concurrentObserversNeverLowerIt() {
    ConcurrencyManager cm = new ConcurrencyManager();
    long largest = IntStream.range(0, 8).parallel()
        .mapToLong(t -> {
          long top = 0;
          for (int i = 0; i < 10_000; i++) {
            long ts = ThreadLocalRandom.current().nextLong(1, 1L << 40);
            cm.observe(ts);
            top = Math.max(top, ts);
            assertThat(cm.maxTs()).isGreaterThanOrEqualTo(ts);
          }
          return top;
        })
        .max().orElseThrow();
    assertThat(cm.maxTs()).isEqualTo(largest);
  }
}
