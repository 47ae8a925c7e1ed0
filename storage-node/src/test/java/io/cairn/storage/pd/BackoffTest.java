package io.cairn.storage.pd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackoffTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42})
  void doublesWithJitterUpToTheCapAndResets(long seed) {
    long base = Duration.ofMillis(100).toNanos();
    long cap = Duration.ofSeconds(10).toNanos();
    Backoff b = new Backoff(Duration.ofNanos(base), Duration.ofNanos(cap), new Random(seed));
    long ceiling = base;
    for (int i = 0; i < 80; i++) {
      long d = b.nextNanos();
      assertThat(d).as("seed %d, attempt %d", seed, i).isBetween(ceiling / 2, ceiling);
      ceiling = Math.min(cap, ceiling * 2);
    }
    b.reset();
    assertThat(b.nextNanos()).as("seed %d after reset", seed).isBetween(base / 2, base);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1})
  void refusesNonPositiveBase(long millis) {
    assertThatThrownBy(() -> new Backoff(Duration.ofMillis(millis), Duration.ofSeconds(1),
        new Random(1))).isInstanceOf(IllegalArgumentException.class);
  }
}
