package io.cairn.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

  @Test
  void beginDefaults() {
    BeginOptions o = BeginOptions.DEFAULT;
    assertThat(o.isolation()).isEqualTo(IsolationLevel.REPEATABLE_READ);
    assertThat(o.pessimistic()).isFalse();
    assertThat(o.startTs()).isEmpty();
    assertThat(o.replicaRead()).isEqualTo(ReplicaReadMode.LEADER);
    assertThat(o.priority()).isEqualTo(Priority.NORMAL);
    assertThat(o.resourceGroup()).isEqualTo("default");
    assertThat(o.readOnly()).isFalse();
    assertThat(o.txnScope()).isEqualTo("global");
    assertThat(o.staleRead()).isFalse();
    assertThat(SnapshotOptions.DEFAULT.staleRead()).isFalse();
  }

  @Test
  void staleReadNeedsAReadOnlyTransactionAtAnExplicitTimestamp() {
    BeginOptions stale = BeginOptions.builder().readOnly(true).startTs(42).staleRead(true)
        .replicaRead(ReplicaReadMode.LEADER_AND_FOLLOWER).build();
    assertThat(stale.snapshotOptions().staleRead()).isTrue();
    assertThat(stale.snapshotOptions().replicaRead()).isEqualTo(ReplicaReadMode.LEADER_AND_FOLLOWER);
    assertThat(stale.toBuilder().build()).isEqualTo(stale);
    assertThatThrownBy(() -> BeginOptions.builder().startTs(42).staleRead(true).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stale");
    assertThatThrownBy(() -> BeginOptions.builder().readOnly(true).staleRead(true).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stale");
  }

  @Test
  void builderSetsEveryField() {
    BeginOptions o = BeginOptions.builder()
        .isolation(IsolationLevel.READ_COMMITTED).pessimistic(true).startTs(42)
        .replicaRead(ReplicaReadMode.CLOSEST).priority(Priority.HIGH).resourceGroup("rg1").txnScope("dc1")
        .build();
    assertThat(o.startTs()).hasValue(42);
    assertThat(o.toBuilder().build()).isEqualTo(o);
    SnapshotOptions s = o.snapshotOptions();
    assertThat(s).isEqualTo(SnapshotOptions.builder()
        .replicaRead(ReplicaReadMode.CLOSEST).priority(Priority.HIGH).resourceGroup("rg1").txnScope("dc1").build());
    assertThat(SnapshotOptions.builder().notFillCache(true).build().notFillCache()).isTrue();
  }

  @Test
  void inconsistentCombinationsFail() {
    assertThatThrownBy(() -> BeginOptions.builder().isolation(IsolationLevel.READ_COMMITTED).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pessimistic");
    assertThatThrownBy(() -> BeginOptions.builder().readOnly(true).pessimistic(true).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BeginOptions.builder().startTs(0).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BeginOptions.builder().resourceGroup(null).build()).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new LockOptions(0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LockOptions(1, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void copRequestValidatesRanges() {
    KeyRange ab = new KeyRange(Key.utf8("a"), Key.utf8("b"));
    KeyRange bc = new KeyRange(Key.utf8("b"), Key.utf8("c"));
    CopRequest ok = CopRequest.dag(new byte[] {1}, List.of(ab, bc), 10);
    assertThat(ok.type()).isEqualTo(CopRequestType.DAG);
    assertThat(ok.ranges()).containsExactly(ab, bc);
    assertThatThrownBy(() -> CopRequest.dag(new byte[0], List.of(bc, ab), 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CopRequest.dag(new byte[0], List.of(KeyRange.from(Key.utf8("a")), bc), 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CopRequest.dag(new byte[0], List.of(ab), 0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(ok.staleRead()).isFalse();
  }

  @Test
  void copRequestReadsAsItsSnapshot() {
    SnapshotOptions o = SnapshotOptions.builder().replicaRead(ReplicaReadMode.FOLLOWER).priority(Priority.LOW)
        .resourceGroup("rg").staleRead(true).build();
    Snapshot snapshot = new Snapshot() {
      @Override
      public long timestamp() {
        return 77;
      }

      @Override
      public SnapshotOptions options() {
        return o;
      }

      @Override
      public java.util.Map<Key, byte[]> batchGet(java.util.Collection<Key> keys) {
        throw new UnsupportedOperationException();
      }

      @Override
      public byte[] get(Key key) {
        throw new UnsupportedOperationException();
      }

      @Override
      public KvIterator<KvPair> iterate(KeyRange range) {
        throw new UnsupportedOperationException();
      }

      @Override
      public KvIterator<KvPair> iterateReverse(KeyRange range) {
        throw new UnsupportedOperationException();
      }
    };
    CopRequest r = CopRequest.dag(new byte[] {1}, List.of(KeyRange.all()), snapshot);
    assertThat(r.startTs()).isEqualTo(77);
    assertThat(r.replicaRead()).isEqualTo(ReplicaReadMode.FOLLOWER);
    assertThat(r.priority()).isEqualTo(Priority.LOW);
    assertThat(r.resourceGroup()).isEqualTo("rg");
    assertThat(r.staleRead()).isTrue();
  }

  @Test
  void timestampLayout() {
    long ts = Timestamps.compose(1_700_000_000_000L, 5);
    assertThat(Timestamps.physicalMillis(ts)).isEqualTo(1_700_000_000_000L);
    assertThat(Timestamps.logical(ts)).isEqualTo(5);
    assertThat(ts).isEqualTo((1_700_000_000_000L << 18) + 5);
    assertThat(Timestamps.compose(1, 0)).isGreaterThan(Timestamps.compose(0, Timestamps.MAX_LOGICAL));
    assertThatThrownBy(() -> Timestamps.compose(1, 1 << 18)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Timestamps.compose(-1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
