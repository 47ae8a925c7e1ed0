package io.cairn.storage.engine.memory;

import static io.cairn.storage.engine.ColumnFamily.DEFAULT;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.engine.AbstractKvEngineContractTest;
import io.cairn.storage.engine.EngineSnapshot;
import io.cairn.storage.engine.KvEngine;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MemoryEngineContractTest extends AbstractKvEngineContractTest {

  @Override
  protected KvEngine openEngine(Path dir) {
    return new MemoryEngine();
  }

  private MemoryEngine memory() {
    return (MemoryEngine) engine;
  }

  @Test
  void rewritingAKeyPrunesVersionsNoReaderCanSee() {
    for (int i = 0; i < 10; i++) {
      put(DEFAULT, b("k"), longBytes(i));
    }
    assertThat(memory().rawEntryCount(DEFAULT)).isEqualTo(1);
    delete(DEFAULT, b("k"));
    assertThat(memory().rawEntryCount(DEFAULT)).as("a tombstone nobody needs is dropped").isZero();
  }

  @Test
  void pruningKeepsWhatOpenSnapshotsSee() {
    put(DEFAULT, b("k"), longBytes(1));
    EngineSnapshot old = engine.snapshot();
    put(DEFAULT, b("k"), longBytes(2));
    EngineSnapshot middle = engine.snapshot();
    for (int i = 3; i <= 10; i++) {
      put(DEFAULT, b("k"), longBytes(i));
    }
    // Pruning drops only versions older than the one the oldest reader sees, so all ten stay.
    assertThat(memory().rawEntryCount(DEFAULT)).isEqualTo(10);
    assertThat(asLong(old.get(DEFAULT, b("k")))).isEqualTo(1);
    assertThat(asLong(middle.get(DEFAULT, b("k")))).isEqualTo(2);
    assertThat(asLong(engine.get(DEFAULT, b("k")))).isEqualTo(10);

    old.close();
    delete(DEFAULT, b("k"));
    // The oldest reader is now `middle`: version 1 goes, versions 2..10 and the tombstone stay.
    assertThat(memory().rawEntryCount(DEFAULT)).isEqualTo(10);
    assertThat(asLong(middle.get(DEFAULT, b("k")))).isEqualTo(2);
    assertThat(engine.get(DEFAULT, b("k"))).isNull();
    try (var it = middle.iterator(DEFAULT, null, null)) {
      assertThat(it.seekToLast()).isTrue();
      assertThat(asLong(it.value())).isEqualTo(2);
    }

    middle.close();
    put(DEFAULT, b("k"), longBytes(11));
    assertThat(memory().rawEntryCount(DEFAULT)).isEqualTo(1);
    assertThat(asLong(engine.get(DEFAULT, b("k")))).isEqualTo(11);
  }

  @Test
  void forwardWalkSeesItsSnapshotWhileAWriterRewritesAndPrunes() throws Exception {
    int keys = 2_000;
    for (int i = 0; i < keys; i++) {
      put(DEFAULT, key(i), longBytes(i));
    }
    AtomicBoolean stop = new AtomicBoolean();
    try (EngineSnapshot snap = engine.snapshot()) {
      Thread writer = new Thread(() -> {
        SplittableRandom r = new SplittableRandom(17);
        while (!stop.get()) {
          int k = r.nextInt(keys + 100);
          if (r.nextInt(3) == 0) {
            delete(DEFAULT, key(k));
          } else {
            put(DEFAULT, key(k), longBytes(-k));
          }
        }
      });
      writer.start();
      try {
        for (int pass = 0; pass < 20; pass++) {
          try (var it = snap.iterator(DEFAULT, null, null)) {
            int i = 0;
            for (boolean ok = it.seekToFirst(); ok; ok = it.next(), i++) {
              assertThat(it.key()).as("pass %d position %d", pass, i).isEqualTo(key(i));
              assertThat(asLong(it.value())).as("pass %d key %d", pass, i).isEqualTo(i);
            }
            assertThat(i).as("pass %d", pass).isEqualTo(keys);
          }
        }
      } finally {
        stop.set(true);
        writer.join();
      }
    }
  }

  private static byte[] key(int i) {
    return b(String.format("k%06d", i));
  }

  @Test
  void liveIteratorPinsItsVersionsAgainstPruning() {
    put(DEFAULT, b("a"), longBytes(1));
    put(DEFAULT, b("b"), longBytes(1));
    try (var it = engine.iterator(DEFAULT, null, null)) {
      put(DEFAULT, b("a"), longBytes(2));
      delete(DEFAULT, b("b"));
      put(DEFAULT, b("a"), longBytes(3));
      assertThat(it.seekToFirst()).isTrue();
      assertThat(asLong(it.value())).isEqualTo(1);
      assertThat(it.next()).isTrue();
      assertThat(it.key()).isEqualTo(b("b"));
    }
    put(DEFAULT, b("a"), longBytes(4));
    delete(DEFAULT, b("b"));
    assertThat(memory().rawEntryCount(DEFAULT)).isEqualTo(1);
  }
}
