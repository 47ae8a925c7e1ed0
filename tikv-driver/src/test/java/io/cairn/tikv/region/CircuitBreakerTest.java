package io.cairn.tikv.region;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.tikv.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  private final ManualClock clock = new ManualClock();
  private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), clock);

  @Test
  void opensAfterTheThresholdOfConsecutiveFailures() {
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    breaker.recordFailure();
    assertThat(breaker.state()).as("a success resets the count").isEqualTo(CircuitBreaker.State.CLOSED);
    breaker.recordFailure();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.allowsRequest()).isFalse();
    assertThat(breaker.trips()).isEqualTo(1);
  }

  @Test
  void halfOpensAfterTheOpenPeriodAndClosesOnSuccess() {
    trip();
    clock.advance(Duration.ofMillis(9_999));
    assertThat(breaker.allowsRequest()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(breaker.allowsRequest()).isTrue();
    breaker.recordSuccess();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void aFailedTrialReopensAtOnce() {
    trip();
    clock.advance(Duration.ofSeconds(10));
    breaker.recordFailure();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.trips()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(10));
    assertThat(breaker.allowsRequest()).isTrue();
  }

  @Test
  void storeHealthCombinesTheMarkAndTheBreaker() {
    StoreHealth health = new StoreHealth(2, Duration.ofSeconds(5), clock);
    assertThat(health.isHealthy(1)).isTrue();
    health.recordFailure(1);
    assertThat(health.isHealthy(1)).isFalse();
    assertThat(health.isAvailable(1)).isTrue();
    health.recordFailure(1);
    assertThat(health.isAvailable(1)).isFalse();
    assertThat(health.unhealthyStores()).containsExactly(1L);
    health.probeSucceeded(1);
    assertThat(health.isHealthy(1)).isTrue();
    assertThat(health.isAvailable(1)).as("a probe does not close the breaker").isFalse();
    clock.advance(Duration.ofSeconds(5));
    assertThat(health.isAvailable(1)).isTrue();
    health.recordSuccess(1);
    assertThat(health.breakerState(1)).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(health.breakerTrips(1)).isEqualTo(1);
  }

  @Test
  void theProberClearsStoresThatAnswer() {
    StoreHealth health = new StoreHealth(5, Duration.ofSeconds(5), clock);
    health.recordFailure(1);
    health.recordFailure(2);
    health.recordFailure(3);
    HealthProber prober = new HealthProber(health, storeId -> {
      if (storeId == 3) {
        throw new IllegalStateException("probe crashed");
      }
      return storeId == 1;
    });
    assertThat(prober.probeOnce()).isEqualTo(1);
    assertThat(health.unhealthyStores()).containsExactly(2L, 3L);
  }

  private void trip() {
    for (int i = 0; i < 3; i++) {
      breaker.recordFailure();
    }
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
  }
}
