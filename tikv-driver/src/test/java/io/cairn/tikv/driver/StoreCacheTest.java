package io.cairn.tikv.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.BeginOptions;
import io.cairn.kv.Client;
import io.cairn.kv.Oracle;
import io.cairn.kv.Snapshot;
import io.cairn.kv.SnapshotOptions;
import io.cairn.kv.Storage;
import io.cairn.kv.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link StoreCache}'s reference counting and release order, over recording storages. */
class StoreCacheTest {

  private final StoreCache cache = new StoreCache();
  private final List<String> closed = new ArrayList<>();
  private final AtomicInteger opened = new AtomicInteger();

  private StoreCache.Opener opener(String name) {
    return () -> {
      opened.incrementAndGet();
      return new StoreCache.Built(new RecordingStorage(name, closed),
          () -> closed.add(name + "-resources"));
    };
  }

  @Test
  void theSameKeyGivesTheSameStorageUntilTheLastClose() {
    Storage a = cache.open("k", opener("s1"));
    Storage b = cache.open("k", opener("s2"));
    assertThat(b).isSameAs(a);
    assertThat(opened).hasValue(1);
    assertThat(cache.references("k")).isEqualTo(2);
    a.close();
    assertThat(closed).isEmpty();
    assertThat(cache.references("k")).isEqualTo(1);
    b.close();
    assertThat(closed).containsExactly("s1", "s1-resources");
    assertThat(cache.references("k")).isZero();
    b.close();
    assertThat(closed).hasSize(2);
  }

  @Test
  void afterTheLastCloseTheKeyOpensANewStorage() {
    Storage a = cache.open("k", opener("s1"));
    a.close();
    Storage b = cache.open("k", opener("s2"));
    assertThat(b).isNotSameAs(a);
    assertThat(b.describe()).isEqualTo("s2");
    a.close(); // a stale handle gives back nothing of the new one
    assertThat(cache.references("k")).isEqualTo(1);
    b.close();
    assertThat(closed).containsExactly("s1", "s1-resources", "s2", "s2-resources");
  }

  @Test
  void differentKeysAndPrivateOpensAreNotShared() {
    Storage a = cache.open("k1", opener("s1"));
    Storage b = cache.open("k2", opener("s2"));
    Storage p1 = cache.openPrivate(opener("p1"));
    Storage p2 = cache.openPrivate(opener("p2"));
    assertThat(List.of(a, b, p1, p2)).doesNotHaveDuplicates();
    p1.close();
    p1.close();
    assertThat(closed).containsExactly("p1", "p1-resources");
    a.close();
    b.close();
    p2.close();
  }

  @Test
  void aFailedOpenCachesNothing() {
    StoreCache.Opener failing = () -> {
      throw new IllegalStateException("boom");
    };
    assertThatThrownBy(() -> cache.open("k", failing)).hasMessage("boom");
    assertThat(cache.references("k")).isZero();
    Storage s = cache.open("k", opener("s1"));
    assertThat(s.describe()).isEqualTo("s1");
    s.close();
  }

  @Test
  void resourcesAreReleasedEvenWhenTheStorageFailsToClose() {
    Storage s = cache.open("k", () -> new StoreCache.Built(new RecordingStorage("bad", closed) {
      @Override
      public void close() {
        super.close();
        throw new IllegalStateException("close failed");
      }
    }, () -> closed.add("bad-resources")));
    assertThatThrownBy(s::close).hasMessage("close failed");
    assertThat(closed).containsExactly("bad", "bad-resources");
    assertThat(cache.references("k")).isZero();
  }

  /** A storage that records its close and supports nothing else. */
  private static class RecordingStorage implements Storage {
    private final String name;
    private final List<String> closed;

    RecordingStorage(String name, List<String> closed) {
      this.name = name;
      this.closed = closed;
    }

    @Override
    public Transaction begin(BeginOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Snapshot snapshot(long ts, SnapshotOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Oracle oracle() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Client client() {
      throw new UnsupportedOperationException();
    }

    @Override
    public String describe() {
      return name;
    }

    @Override
    public void close() {
      closed.add(name);
    }
  }
}
