package io.cairn.kv.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.CopRequest;
import io.cairn.kv.CopRequestType;
import io.cairn.kv.GcTooEarlyException;
import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.Timestamps;
import io.cairn.kv.Transaction;
import io.cairn.kv.TxnTooLargeException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What the reference storage does beyond the contract: limits, its oracle, its client. */
class MemoryStorageTest {

  private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
  private final InstantSource clock = () -> Instant.ofEpochMilli(millis.get());

  @Test
  void transactionSizeLimitApplies() {
    try (MemoryStorage s = new MemoryStorage("limits", clock, 100, 50);
        Transaction t = s.begin()) {
      for (int i = 0; i < 5; i++) {
        t.set(Key.utf8("key" + i), new byte[5]);
      }
      assertThatThrownBy(() -> t.set(Key.utf8("key5"), new byte[5])).isInstanceOf(TxnTooLargeException.class);
      t.commit();
    }
  }

  @Test
  void oracleCountsWithinAMillisecondAndNeverGoesBack() {
    try (MemoryStorage s = new MemoryStorage("oracle", clock, 100, 100)) {
      long a = s.oracle().getTimestamp();
      long b = s.oracle().getTimestamp();
      assertThat(Timestamps.physicalMillis(a)).isEqualTo(millis.get());
      assertThat(b).isEqualTo(a + 1);
      millis.addAndGet(-5_000);
      long c = s.oracle().getTimestamp();
      assertThat(c).isEqualTo(b + 1);
      millis.addAndGet(10_000);
      long d = s.oracle().getTimestamp();
      assertThat(Timestamps.physicalMillis(d)).isEqualTo(millis.get());
      assertThat(Timestamps.logical(d)).isZero();
      assertThat(s.oracle().isExpired(d, 1)).isFalse();
      millis.addAndGet(1);
      assertThat(s.oracle().isExpired(d, 1)).isTrue();
      assertThat(s.oracle().getStaleTimestamp("global", 3))
          .isEqualTo(Timestamps.compose(millis.get() - 3_000, 0));
      assertThatThrownBy(() -> s.oracle().getStaleTimestamp("global", -1)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void logicalOverflowCarriesIntoTheNextMillisecond() {
    try (MemoryStorage s = new MemoryStorage("carry", clock, 100, 100)) {
      long last = 0;
      for (long i = 0; i <= Timestamps.MAX_LOGICAL + 1; i++) {
        long ts = s.oracle().getTimestamp();
        assertThat(ts).isGreaterThan(last);
        last = ts;
      }
      assertThat(Timestamps.physicalMillis(last)).isEqualTo(millis.get() + 1);
    }
  }

  @Test
  void readsBelowTheGcSafePointFail() {
    try (MemoryStorage s = new MemoryStorage("gc", clock, 100, 100)) {
      Key k = Key.utf8("k");
      try (Transaction t = s.begin()) {
        t.set(k, new byte[] {1});
        t.commit();
      }
      long old = s.currentTimestamp();
      s.setGcSafePoint(old + 10);
      s.setGcSafePoint(old);
      assertThatThrownBy(() -> s.snapshot(old).get(k)).isInstanceOf(GcTooEarlyException.class)
          .extracting(e -> ((GcTooEarlyException) e).safePoint()).isEqualTo(old + 10);
      assertThatThrownBy(() -> s.snapshot(old).iterate(KeyRange.all())).isInstanceOf(GcTooEarlyException.class);
      assertThatThrownBy(() -> s.snapshot(old).iterateReverse(KeyRange.all())).isInstanceOf(GcTooEarlyException.class);
      assertThat(s.snapshot(old + 10).get(k)).containsExactly(1);
    }
  }

  @Test
  void clientRunsNoCoprocessorRequests() {
    try (MemoryStorage s = new MemoryStorage("copr")) {
      assertThat(s.client().supports(CopRequestType.DAG)).isFalse();
      CopRequest request = CopRequest.dag(new byte[] {1}, List.of(KeyRange.all()), s.currentTimestamp());
      assertThatThrownBy(() -> s.client().send(request)).isInstanceOf(UnsupportedOperationException.class);
    }
  }
}
