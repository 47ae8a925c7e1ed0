package io.cairn.tikv.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.ErrorCode;
import io.cairn.kv.GcTooEarlyException;
import io.cairn.kv.KvException;
import io.cairn.tikv.pd.PdException;
import io.cairn.tikv.testing.ManualClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SafePointCacheTest {

  private final ManualClock clock = new ManualClock();
  private final AtomicLong pd = new AtomicLong();
  private final AtomicReference<RuntimeException> pdFailure = new AtomicReference<>();

  private long load() {
    RuntimeException e = pdFailure.get();
    if (e != null) {
      throw e;
    }
    return pd.get();
  }

  private SafePointCache cache() {
    return new SafePointCache(this::load, clock, Duration.ofSeconds(99));
  }

  @Test
  void readsBelowTheSafePointAreRefusedAndReadsAtItAreNot() {
    pd.set(1000);
    SafePointCache c = cache();
    c.checkVisibility(1000);
    c.checkVisibility(1001);
    assertThatThrownBy(() -> c.checkVisibility(999))
        .isInstanceOfSatisfying(GcTooEarlyException.class, e -> {
          assertThat(e.startTs()).isEqualTo(999);
          assertThat(e.safePoint()).isEqualTo(1000);
          assertThat(e.code()).isEqualTo(ErrorCode.GC_TOO_EARLY);
        });
  }

  @Test
  void aRefreshSeesPdAdvanceButNeverMovesBack() {
    pd.set(100);
    SafePointCache c = cache();
    c.checkVisibility(150);
    pd.set(200);
    assertThat(c.refresh()).isEqualTo(200);
    assertThatThrownBy(() -> c.checkVisibility(150)).isInstanceOf(GcTooEarlyException.class);
    pd.set(50); // a lagging PD leader
    assertThat(c.refresh()).isEqualTo(200);
    assertThat(c.safePoint()).isEqualTo(200);
  }

  @Test
  void aSafePointTooOldToTrustFailsReadsUntilARefreshSucceeds() {
    SafePointCache c = cache();
    pdFailure.set(new PdException("PD down", true));
    clock.advance(Duration.ofSeconds(60));
    assertThatThrownBy(c::refresh).isInstanceOf(PdException.class);
    c.checkVisibility(5); // 60 s old: still trusted
    clock.advance(Duration.ofSeconds(40));
    assertThatThrownBy(() -> c.checkVisibility(5))
        .isInstanceOfSatisfying(KvException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.PD_SERVER_TIMEOUT);
          assertThat(e.getMessage()).contains("may fall behind the GC safe point");
        });
    pdFailure.set(null);
    c.refresh();
    c.checkVisibility(5);
  }

  @Test
  void aStoreWhoseSafePointCannotBeReadIsNotBuilt() {
    pdFailure.set(new PdException("no PD leader", true));
    assertThatThrownBy(this::cache).isInstanceOf(PdException.class);
  }

  @Test
  void timestampsCompareUnsigned() {
    pd.set(10);
    SafePointCache c = cache();
    c.checkVisibility(-1); // 2^64 - 1: far above
  }
}
