package io.cairn.tikv.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class BackofferTest {

  private final List<Long> sleeps = new ArrayList<>();
  private final Sleeper recording = sleeps::add;

  @Test
  void regionMissDoublesFromBaseUpToCapWithoutJitter() {
    Backoffer bo = new Backoffer(10_000, recording, new Random(1));
    for (int i = 0; i < 10; i++) {
      bo.backoff(BackoffKind.REGION_MISS, null);
    }
    assertThat(sleeps).containsExactly(2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 500L, 500L);
    assertThat(bo.sleptMillis()).isEqualTo(1510);
    assertThat(bo.attempts(BackoffKind.REGION_MISS)).isEqualTo(10);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 7, 42, 1234567})
  void equalJitterStaysBetweenHalfAndTheFullInterval(long seed) {
    Backoffer bo = new Backoffer(1_000_000, recording, new Random(seed));
    for (int i = 0; i < 12; i++) {
      bo.backoff(BackoffKind.TIKV_RPC, null);
      long expo = Math.min(2_000, 100L << i);
      assertThat(sleeps.get(i)).as("seed %d attempt %d", seed, i).isBetween(expo / 2, expo);
    }
  }

  @Test
  void kindsBackOffIndependentlyButShareTheBudget() {
    Backoffer bo = new Backoffer(10_000, recording, new Random(3));
    bo.backoff(BackoffKind.REGION_MISS, null);
    bo.backoff(BackoffKind.REGION_MISS, null);
    bo.backoff(BackoffKind.STALE_CMD, null);
    assertThat(sleeps).containsExactly(2L, 4L, 2L);
    assertThat(bo.sleptMillis()).isEqualTo(8);
  }

  @Test
  void givesUpWithTheKindsErrorWhenTheBudgetWouldBeExceeded() {
    Backoffer bo = new Backoffer(20, recording, new Random(5));
    RuntimeException cause = new RuntimeException("epoch not match");
    bo.backoff(BackoffKind.REGION_MISS, cause); // 2
    bo.backoff(BackoffKind.REGION_MISS, cause); // 4
    bo.backoff(BackoffKind.REGION_MISS, cause); // 8 → 14 slept
    assertThatThrownBy(() -> bo.backoff(BackoffKind.REGION_MISS, cause)) // 16 would make 30
        .isInstanceOfSatisfying(
            BackoffExhaustedException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(BackoffKind.REGION_MISS);
              assertThat(e.kind().giveUpErrno()).isEqualTo(9005);
              assertThat(e.sleptMillis()).isEqualTo(14);
              assertThat(e).hasCause(cause).hasMessageContaining("Region is unavailable");
            });
    assertThat(sleeps).hasSize(3);
  }

  @Test
  void lockWaitsNeverSleepPastTheCallersBound() {
    Backoffer bo = new Backoffer(100_000, recording, new Random(9));
    for (int i = 0; i < 6; i++) {
      bo.backoffAtMost(BackoffKind.TXN_LOCK, 150, null);
    }
    assertThat(sleeps).allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(150));
  }

  @Test
  void subTasksGetAFreshBudget() {
    Backoffer parent = new Backoffer(10, recording, new Random(2));
    parent.backoff(BackoffKind.REGION_MISS, null);
    parent.backoff(BackoffKind.REGION_MISS, null);
    Backoffer child = parent.forSubTask();
    assertThat(child.sleptMillis()).isZero();
    assertThat(child.attempts(BackoffKind.REGION_MISS)).isZero();
    assertThat(child.budgetMillis()).isEqualTo(10);
  }

  @Test
  void interruptionStopsTheBackoffAndKeepsTheFlag() {
    Backoffer bo =
        new Backoffer(
            10_000,
            ms -> {
              throw new InterruptedException("kill query");
            },
            new Random(4));
    assertThatThrownBy(() -> bo.backoff(BackoffKind.SERVER_BUSY, null))
        .isInstanceOf(BackoffInterruptedException.class);
    assertThat(Thread.interrupted()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(BackoffKind.class)
  void everyKindReachesItsCapAndNeverExceedsIt(BackoffKind kind) {
    Backoffer bo = new Backoffer(Long.MAX_VALUE, recording, new Random(kind.ordinal()));
    for (int i = 0; i < 40; i++) {
      bo.backoff(kind, null);
    }
    assertThat(sleeps).allSatisfy(s -> assertThat(s).isBetween(0L, kind.capMillis()));
    if (kind.jitter() == Jitter.NONE) {
      assertThat(sleeps.get(sleeps.size() - 1)).isEqualTo(kind.capMillis());
    }
  }
}
