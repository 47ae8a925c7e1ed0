package io.cairn.tikv.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cairn.tikv.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenBucketTest {

  private static final double EPS = 1e-6;
  private final ManualClock clock = new ManualClock();

  @Test
  void startsFullAndRefillsUpToCapacity() {
    TokenBucket b = new TokenBucket(10, 20, clock);
    assertThat(b.available()).isEqualTo(20);
    assertThat(b.reserve(15)).isEqualTo(clock.getAsLong());
    assertThat(b.available()).isCloseTo(5, within(EPS));
    clock.advance(Duration.ofMillis(500));
    assertThat(b.available()).isCloseTo(10, within(EPS));
    clock.advance(Duration.ofSeconds(60));
    assertThat(b.available()).isCloseTo(20, within(EPS));
  }

  @Test
  void aReservationBeyondTheTokensIsReadyWhenTheDebtIsRepaid() {
    TokenBucket b = new TokenBucket(10, 10, clock);
    long t0 = clock.getAsLong();
    assertThat(b.reserve(10)).isEqualTo(t0);
    // 5 tokens at 10/s: ready in 500 ms.
    assertThat(b.reserve(5)).isEqualTo(t0 + 500_000_000L);
    // Served in order: the next one queues behind the debt.
    assertThat(b.reserve(10)).isEqualTo(t0 + 1_500_000_000L);
    assertThat(b.available()).isCloseTo(-15, within(EPS));
    clock.advance(Duration.ofMillis(1500));
    assertThat(b.available()).isCloseTo(0, within(EPS));
  }

  @Test
  void aRequestLargerThanTheBurstStillGetsThrough() {
    TokenBucket b = new TokenBucket(100, 50, clock);
    long t0 = clock.getAsLong();
    assertThat(b.reserve(250)).isEqualTo(t0 + 2_000_000_000L);
  }

  @Test
  void consumeAndRefundMoveTokensWithoutWaiting() {
    TokenBucket b = new TokenBucket(1, 10, clock);
    b.consume(25);
    assertThat(b.available()).isCloseTo(-15, within(EPS));
    b.refund(20);
    assertThat(b.available()).isCloseTo(5, within(EPS));
    b.refund(100);
    assertThat(b.available()).isCloseTo(10, within(EPS));
  }

  @Test
  void reconfigureKeepsTokensCutToTheNewCapacity() {
    TokenBucket b = new TokenBucket(10, 100, clock);
    b.reserve(20);
    b.reconfigure(1000, 50);
    assertThat(b.available()).isCloseTo(50, within(EPS));
    b.reserve(50);
    clock.advance(Duration.ofMillis(10));
    assertThat(b.available()).isCloseTo(10, within(EPS));
    b.reconfigure(1, 5);
    assertThat(b.available()).isCloseTo(5, within(EPS));
    assertThat(b.rate()).isEqualTo(1);
    assertThat(b.capacity()).isEqualTo(5);
  }

  @Test
  void unlimitedBucketNeverMakesAnyoneWait() {
    TokenBucket b = new TokenBucket(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, clock);
    for (int i = 0; i < 100; i++) {
      assertThat(b.reserve(1e12)).isEqualTo(clock.getAsLong());
    }
    b.consume(1e15);
    assertThat(b.available()).isInfinite();
    b.reconfigure(10, 30);
    assertThat(b.available()).isEqualTo(30);
    assertThat(b.reserve(40)).isEqualTo(clock.getAsLong() + 1_000_000_000L);
  }

  @Test
  void invalidSettingsAreRefused() {
    assertThatThrownBy(() -> new TokenBucket(0, 10, clock)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenBucket(10, Double.POSITIVE_INFINITY, clock)).isInstanceOf(IllegalArgumentException.class);
    TokenBucket b = new TokenBucket(10, 10, clock);
    assertThatThrownBy(() -> b.reserve(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.reserve(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  private record Grant(long readyAt, double amount) {}

  /**
   * Threads reserve random amounts while they move a shared fake clock forward; whatever the
   * interleaving, the tokens granted between any two ready times never exceed burst + rate ×
   * (the time between them).
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 7, 42, 2026, 91_234_567})
  void grantsNeverExceedBurstPlusRateTimesTimeUnderConcurrency(long seed) throws Exception {
    SplittableRandom seeds = new SplittableRandom(seed);
    double rate = 50 + seeds.nextInt(500);
    double burst = 10 + seeds.nextInt(200);
    TokenBucket bucket = new TokenBucket(rate, burst, clock);
    long t0 = clock.getAsLong();
    int threads = 8;
    int perThread = 400;
    List<Grant> grants = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        SplittableRandom random = seeds.split();
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            if (random.nextInt(4) == 0) {
              clock.advance(Duration.ofNanos(random.nextLong(50_000_000)));
            }
            double amount = 0.5 + random.nextDouble() * (burst - 0.5);
            grants.add(new Grant(bucket.reserve(amount), amount));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<Grant> sorted = new ArrayList<>(grants);
    sorted.sort(Comparator.comparingLong(Grant::readyAt));
    assertThat(sorted).as("seed %d", seed).hasSize(threads * perThread);
    assertThat(sorted.get(0).readyAt()).as("seed %d", seed).isGreaterThanOrEqualTo(t0);
    double[] prefix = new double[sorted.size() + 1];
    for (int i = 0; i < sorted.size(); i++) {
      prefix[i + 1] = prefix[i] + sorted.get(i).amount();
    }
    for (int j = 0; j < sorted.size(); j++) {
      long end = sorted.get(j).readyAt();
      double fromStart = prefix[j + 1];
      double allowedFromStart = burst + rate * (end - t0) / 1e9;
      if (fromStart > allowedFromStart + EPS * fromStart) {
        throw new AssertionError("seed " + seed + ": granted " + fromStart + " by " + (end - t0) + " ns, allowed " + allowedFromStart);
      }
      for (int i = 0; i <= j; i++) {
        double window = prefix[j + 1] - prefix[i];
        double allowed = burst + rate * (end - sorted.get(i).readyAt()) / 1e9;
        if (window > allowed + EPS * window) {
          throw new AssertionError("seed " + seed + ": granted " + window + " between grants " + i + " and " + j + ", allowed " + allowed);
        }
      }
    }
  }
}
