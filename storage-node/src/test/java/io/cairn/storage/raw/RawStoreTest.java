package io.cairn.storage.raw;

import static io.cairn.storage.txn.MvccTestKit.b;
import static io.cairn.storage.txn.MvccTestKit.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.engine.memory.MemoryEngine;
import io.cairn.storage.txn.MvccTestKit;
import io.cairn.storage.txn.latch.Latches;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RawStoreTest {
  private final MemoryEngine engine = new MemoryEngine();
  private final RawStore raw = new RawStore(engine, new Latches(64));

  private static List<String> render(List<RawStore.KvPair> pairs) {
    return pairs.stream().map(p -> s(p.key()) + "=" + s(p.value())).toList();
  }

  @Test
  void putGetDeleteAndBatches() {
    raw.put(b("a"), b("1"));
    raw.batchPut(List.of(new RawStore.KvPair(b("b"), b("2")), new RawStore.KvPair(b("c"), b("3"))));
    assertThat(s(raw.get(b("a")))).isEqualTo("1");
    assertThat(raw.get(b("zz"))).isNull();
    assertThat(render(raw.batchGet(List.of(b("c"), b("x"), b("a"))))).containsExactly("c=3", "a=1");
    raw.delete(b("a"));
    assertThat(raw.get(b("a"))).isNull();
    raw.batchDelete(List.of(b("b"), b("c")));
    assertThat(raw.scan(null, null, 10, false, false)).isEmpty();
  }

  @Test
  void scanBothWaysWithLimitAndDeleteRange() {
    for (String k : List.of("a", "b", "c", "d", "e")) {
      raw.put(b(k), b(k.toUpperCase()));
    }
    assertThat(render(raw.scan(b("b"), b("e"), 10, false, false))).containsExactly("b=B", "c=C", "d=D");
    assertThat(render(raw.scan(null, null, 2, false, true))).containsExactly("e=E", "d=D");
    assertThat(render(raw.scan(b("b"), null, 10, true, false)))
        .containsExactly("b=null", "c=null", "d=null", "e=null");
    raw.deleteRange(b("b"), b("d"));
    assertThat(render(raw.scan(null, null, 10, false, false))).containsExactly("a=A", "d=D", "e=E");
    raw.deleteRange(b("d"), null);
    assertThat(render(raw.scan(null, null, 10, false, false))).containsExactly("a=A");
  }

  @Test
  void rawAndTransactionalKeysDoNotCollide() {
    MvccTestKit t = new MvccTestKit(engine);
    RawStore shared = new RawStore(engine, t.latches);
    shared.put(b("k"), b("raw"));
    t.mustPrewritePut("k", "txn", "k", 5);
    t.mustCommit("k", 5, 6);
    assertThat(s(shared.get(b("k")))).isEqualTo("raw");
    t.mustGet("k", 10, "txn");
    assertThat(shared.scan(null, null, 10, false, false)).hasSize(1);
    assertThat(t.scan(null, null, 10, 10, false)).containsExactly("k=txn");
    shared.deleteRange(new byte[0], null);
    t.mustGet("k", 10, "txn");
  }

  @Test
  void compareAndSwap() {
    RawStore.CasResult r = raw.compareAndSwap(b("k"), null, b("1"));
    assertThat(r.swapped()).isTrue();
    assertThat(r.previous()).isNull();
    r = raw.compareAndSwap(b("k"), null, b("2"));
    assertThat(r.swapped()).isFalse();
    assertThat(s(r.previous())).isEqualTo("1");
    r = raw.compareAndSwap(b("k"), b("1"), b("2"));
    assertThat(r.swapped()).isTrue();
    assertThat(s(raw.get(b("k")))).isEqualTo("2");
  }

  @Test
  void concurrentCompareAndSwapIncrementsLoseNothing() throws Exception {
    raw.put(b("n"), b("0"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int th = 0; th < 4; th++) {
        fs.add(pool.submit(() -> {
          for (int i = 0; i < 250; i++) {
            while (true) {
              byte[] cur = raw.get(b("n"));
              byte[] next = b(String.valueOf(Integer.parseInt(s(cur)) + 1));
              if (raw.compareAndSwap(b("n"), cur, next).swapped()) {
                break;
              }
            }
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(s(raw.get(b("n")))).isEqualTo("1000");
  }
}
