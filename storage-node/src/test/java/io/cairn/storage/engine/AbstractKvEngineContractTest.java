package io.cairn.storage.engine;

import static io.cairn.storage.engine.ColumnFamily.DEFAULT;
import static io.cairn.storage.engine.ColumnFamily.LOCK;
import static io.cairn.storage.engine.ColumnFamily.RAFT;
import static io.cairn.storage.engine.ColumnFamily.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link KvEngine} must show. Subclasses only say how to open an engine in
 * a directory; the randomized comparison against a model lives in
 * {@link AbstractKvEngineModelTest}.
 */
public abstract class AbstractKvEngineContractTest {

  @TempDir protected Path dir;
  protected KvEngine engine;

  /** Opens a fresh engine whose files, if any, live in {@code dir}. */
  protected abstract KvEngine openEngine(Path dir);

  @BeforeEach
  void openEngine() {
    engine = openEngine(dir);
  }

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  // ---- helpers ----

  protected static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  protected static byte[] raw(int... bytes) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = (byte) bytes[i];
    }
    return out;
  }

  protected static byte[] longBytes(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  protected static long asLong(byte[] v) {
    return ByteBuffer.wrap(v).getLong();
  }

  protected void put(ColumnFamily cf, byte[] key, byte[] value) {
    WriteBatch batch = engine.newWriteBatch();
    batch.put(cf, key, value);
    engine.write(batch);
  }

  protected void delete(ColumnFamily cf, byte[] key) {
    WriteBatch batch = engine.newWriteBatch();
    batch.delete(cf, key);
    engine.write(batch);
  }

  protected void deleteRange(ColumnFamily cf, byte[] start, byte[] end) {
    WriteBatch batch = engine.newWriteBatch();
    batch.deleteRange(cf, start, end);
    engine.write(batch);
  }

  /** Keys of {@code cf} in {@code [lower, upper)} read forward from the first. */
  protected static List<String> scan(EngineReader reader, ColumnFamily cf, byte[] lower, byte[] upper) {
    List<String> keys = new ArrayList<>();
    try (EngineIterator it = reader.iterator(cf, lower, upper)) {
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        keys.add(new String(it.key(), StandardCharsets.UTF_8));
      }
    }
    return keys;
  }

  /** Keys of {@code cf} in {@code [lower, upper)} read backward from the last. */
  protected static List<String> reverseScan(
      EngineReader reader, ColumnFamily cf, byte[] lower, byte[] upper) {
    List<String> keys = new ArrayList<>();
    try (EngineIterator it = reader.iterator(cf, lower, upper)) {
      for (boolean ok = it.seekToLast(); ok; ok = it.prev()) {
        keys.add(new String(it.key(), StandardCharsets.UTF_8));
      }
    }
    return keys;
  }

  private void putAll(ColumnFamily cf, String... keys) {
    WriteBatch batch = engine.newWriteBatch();
    for (String k : keys) {
      batch.put(cf, b(k), b("v" + k));
    }
    engine.write(batch);
  }

  // ---- point operations ----

  @Test
  void putGetDeleteInEveryFamily() {
    for (ColumnFamily cf : ColumnFamily.values()) {
      assertThat(engine.get(cf, b("k"))).as("%s before put", cf).isNull();
      put(cf, b("k"), b("v1"));
      assertThat(engine.get(cf, b("k"))).as("%s after put", cf).isEqualTo(b("v1"));
      put(cf, b("k"), b("v2"));
      assertThat(engine.get(cf, b("k"))).as("%s after overwrite", cf).isEqualTo(b("v2"));
      delete(cf, b("k"));
      assertThat(engine.get(cf, b("k"))).as("%s after delete", cf).isNull();
      delete(cf, b("never-written"));
      assertThat(engine.get(cf, b("never-written"))).isNull();
    }
  }

  @Test
  void columnFamiliesAreIsolated() {
    put(DEFAULT, b("k"), b("default"));
    put(WRITE, b("k"), b("write"));
    put(LOCK, b("k"), b("lock"));
    assertThat(engine.get(DEFAULT, b("k"))).isEqualTo(b("default"));
    assertThat(engine.get(WRITE, b("k"))).isEqualTo(b("write"));
    assertThat(engine.get(LOCK, b("k"))).isEqualTo(b("lock"));
    assertThat(engine.get(RAFT, b("k"))).isNull();
    assertThat(scan(engine, RAFT, null, null)).isEmpty();

    delete(WRITE, b("k"));
    deleteRange(LOCK, b(""), b("z"));
    assertThat(engine.get(DEFAULT, b("k"))).isEqualTo(b("default"));
    assertThat(engine.get(WRITE, b("k"))).isNull();
    assertThat(engine.get(LOCK, b("k"))).isNull();
    assertThat(scan(engine, DEFAULT, null, null)).containsExactly("k");
  }

  @Test
  void emptyKeysAndValuesAreOrdinaryData() {
    put(DEFAULT, new byte[0], b("empty-key"));
    put(DEFAULT, b("a"), new byte[0]);
    assertThat(engine.get(DEFAULT, new byte[0])).isEqualTo(b("empty-key"));
    assertThat(engine.get(DEFAULT, b("a"))).isNotNull().isEmpty();
    try (EngineIterator it = engine.iterator(DEFAULT, null, null)) {
      assertThat(it.seekToFirst()).isTrue();
      assertThat(it.key()).isEmpty();
      assertThat(it.value()).isEqualTo(b("empty-key"));
      assertThat(it.next()).isTrue();
      assertThat(it.key()).isEqualTo(b("a"));
      assertThat(it.value()).isEmpty();
      assertThat(it.next()).isFalse();
    }
    // An empty lower bound is the same as none.
    assertThat(scan(engine, DEFAULT, new byte[0], null)).containsExactly("", "a");
    delete(DEFAULT, new byte[0]);
    assertThat(engine.get(DEFAULT, new byte[0])).isNull();
    assertThat(engine.get(DEFAULT, b("a"))).isEmpty();
  }

  @Test
  void keysCompareAsUnsignedBytes() {
    byte[][] ordered = {
      raw(), raw(0x00), raw(0x00, 0x00), raw(0x00, 0xFF), raw(0x01), raw(0x7F), raw(0x7F, 0xFF),
      raw(0x80), raw(0xFE, 0xFF), raw(0xFF), raw(0xFF, 0x00), raw(0xFF, 0xFF, 0xFF)
    };
    WriteBatch batch = engine.newWriteBatch();
    for (int i = ordered.length - 1; i >= 0; i--) {
      batch.put(WRITE, ordered[i], longBytes(i));
    }
    engine.write(batch);

    try (EngineIterator it = engine.iterator(WRITE, null, null)) {
      int i = 0;
      for (boolean ok = it.seekToFirst(); ok; ok = it.next(), i++) {
        assertThat(it.key()).as("forward position %d", i).isEqualTo(ordered[i]);
        assertThat(asLong(it.value())).isEqualTo(i);
      }
      assertThat(i).isEqualTo(ordered.length);
      i = ordered.length - 1;
      for (boolean ok = it.seekToLast(); ok; ok = it.prev(), i--) {
        assertThat(it.key()).as("reverse position %d", i).isEqualTo(ordered[i]);
      }
      assertThat(i).isEqualTo(-1);
    }
    // Bounds in the high half of the byte range.
    try (EngineIterator it = engine.iterator(WRITE, raw(0x80), raw(0xFF))) {
      assertThat(it.seekToFirst()).isTrue();
      assertThat(it.key()).isEqualTo(raw(0x80));
      assertThat(it.seekToLast()).isTrue();
      assertThat(it.key()).isEqualTo(raw(0xFE, 0xFF));
      assertThat(it.seek(raw(0x7F, 0xFF, 0xFF))).isTrue();
      assertThat(it.key()).isEqualTo(raw(0x80));
    }
  }

  // ---- iteration ----

  @Test
  void forwardIterationStaysWithinBounds() {
    putAll(DEFAULT, "a", "b", "c", "d", "e", "f");
    assertThat(scan(engine, DEFAULT, b("b"), b("e"))).containsExactly("b", "c", "d");
    assertThat(scan(engine, DEFAULT, b("bb"), b("dd"))).containsExactly("c", "d");
    assertThat(scan(engine, DEFAULT, null, b("c"))).containsExactly("a", "b");
    assertThat(scan(engine, DEFAULT, b("e"), null)).containsExactly("e", "f");
    assertThat(scan(engine, DEFAULT, null, null)).containsExactly("a", "b", "c", "d", "e", "f");
    assertThat(scan(engine, DEFAULT, b("c"), b("c"))).isEmpty();
    assertThat(scan(engine, DEFAULT, b("x"), b("z"))).isEmpty();
  }

  @Test
  void reverseIterationStaysWithinBounds() {
    putAll(DEFAULT, "a", "b", "c", "d", "e", "f");
    assertThat(reverseScan(engine, DEFAULT, b("b"), b("e"))).containsExactly("d", "c", "b");
    assertThat(reverseScan(engine, DEFAULT, b("bb"), b("dd"))).containsExactly("d", "c");
    assertThat(reverseScan(engine, DEFAULT, null, b("c"))).containsExactly("b", "a");
    assertThat(reverseScan(engine, DEFAULT, b("e"), null)).containsExactly("f", "e");
    assertThat(reverseScan(engine, DEFAULT, b("c"), b("c"))).isEmpty();
    assertThat(reverseScan(engine, DEFAULT, b("0"), b("a"))).isEmpty();
  }

  @Test
  void seeksAtAndAroundBounds() {
    putAll(DEFAULT, "a", "b", "c", "d", "e", "f");
    try (EngineIterator it = engine.iterator(DEFAULT, b("b"), b("e"))) {
      assertThat(it.valid()).as("unpositioned").isFalse();
      // seek below the lower bound is clamped to it
      assertThat(it.seek(b("a"))).isTrue();
      assertThat(it.key()).isEqualTo(b("b"));
      assertThat(it.seek(b("b"))).isTrue();
      assertThat(it.key()).isEqualTo(b("b"));
      assertThat(it.seek(b("bb"))).isTrue();
      assertThat(it.key()).isEqualTo(b("c"));
      assertThat(it.seek(b("d"))).isTrue();
      assertThat(it.key()).isEqualTo(b("d"));
      // the upper bound is exclusive
      assertThat(it.seek(b("dd"))).isFalse();
      assertThat(it.valid()).isFalse();
      assertThat(it.seek(b("e"))).isFalse();
      assertThat(it.seek(b("z"))).isFalse();

      // seekForPrev above the upper bound is clamped to below it
      assertThat(it.seekForPrev(b("z"))).isTrue();
      assertThat(it.key()).isEqualTo(b("d"));
      assertThat(it.seekForPrev(b("e"))).isTrue();
      assertThat(it.key()).isEqualTo(b("d"));
      assertThat(it.seekForPrev(b("d"))).isTrue();
      assertThat(it.key()).isEqualTo(b("d"));
      assertThat(it.seekForPrev(b("cc"))).isTrue();
      assertThat(it.key()).isEqualTo(b("c"));
      assertThat(it.seekForPrev(b("b"))).isTrue();
      assertThat(it.key()).isEqualTo(b("b"));
      assertThat(it.seekForPrev(b("ab"))).isFalse();
      assertThat(it.seekForPrev(b("a"))).isFalse();

      assertThat(it.seekToFirst()).isTrue();
      assertThat(it.key()).isEqualTo(b("b"));
      assertThat(it.prev()).as("prev before lower bound").isFalse();
      assertThat(it.seekToLast()).isTrue();
      assertThat(it.key()).isEqualTo(b("d"));
      assertThat(it.value()).isEqualTo(b("vd"));
      assertThat(it.next()).as("next at upper bound").isFalse();

      // direction changes in the middle
      assertThat(it.seek(b("c"))).isTrue();
      assertThat(it.prev()).isTrue();
      assertThat(it.key()).isEqualTo(b("b"));
      assertThat(it.next()).isTrue();
      assertThat(it.next()).isTrue();
      assertThat(it.key()).isEqualTo(b("d"));
      assertThat(it.prev()).isTrue();
      assertThat(it.key()).isEqualTo(b("c"));
    }
  }

  @Test
  void boundsBetweenKeysAndEmptyRanges() {
    putAll(DEFAULT, "b", "d");
    try (EngineIterator it = engine.iterator(DEFAULT, b("c"), b("c"))) {
      assertThat(it.seekToFirst()).isFalse();
      assertThat(it.seekToLast()).isFalse();
      assertThat(it.seek(b("a"))).isFalse();
      assertThat(it.seekForPrev(b("z"))).isFalse();
    }
    try (EngineIterator it = engine.iterator(DEFAULT, b("bb"), b("cc"))) {
      assertThat(it.seekToFirst()).isFalse();
      assertThat(it.seekToLast()).isFalse();
    }
    try (EngineIterator it = engine.iterator(DEFAULT, null, null)) {
      assertThat(it.seekForPrev(b("a"))).isFalse();
      assertThat(it.seek(b("e"))).isFalse();
      assertThat(it.seekForPrev(b("c"))).isTrue();
      assertThat(it.key()).isEqualTo(b("b"));
    }
  }

  @Test
  void unpositionedIteratorRefusesCursorCalls() {
    putAll(DEFAULT, "a");
    EngineIterator it = engine.iterator(DEFAULT, null, null);
    assertThatThrownBy(it::key).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(it::next).isInstanceOf(IllegalStateException.class);
    assertThat(it.seek(b("b"))).isFalse();
    assertThatThrownBy(it::value).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(it::prev).isInstanceOf(IllegalStateException.class);
    assertThat(it.seekToFirst()).isTrue();
    it.close();
    assertThat(it.valid()).isFalse();
    assertThatThrownBy(it::seekToFirst).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(it::key).isInstanceOf(IllegalStateException.class);
    it.close();
  }

  @Test
  void iteratorReadsTheStateAtItsCreation() {
    putAll(DEFAULT, "a", "b", "c");
    try (EngineIterator it = engine.iterator(DEFAULT, null, null)) {
      putAll(DEFAULT, "bb");
      delete(DEFAULT, b("c"));
      put(DEFAULT, b("a"), b("new"));
      List<String> seen = new ArrayList<>();
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        seen.add(new String(it.key(), StandardCharsets.UTF_8) + "=" + new String(it.value(), StandardCharsets.UTF_8));
      }
      assertThat(seen).containsExactly("a=va", "b=vb", "c=vc");
    }
    assertThat(scan(engine, DEFAULT, null, null)).containsExactly("a", "b", "bb");
  }

  // ---- batches ----

  @Test
  void laterOperationsInABatchWin() {
    putAll(DEFAULT, "r1", "r2", "r3");
    WriteBatch batch = engine.newWriteBatch();
    batch.put(DEFAULT, b("p"), b("1"));
    batch.put(DEFAULT, b("p"), b("2"));
    batch.put(DEFAULT, b("pd"), b("1"));
    batch.delete(DEFAULT, b("pd"));
    batch.delete(DEFAULT, b("dp"));
    batch.put(DEFAULT, b("dp"), b("after-delete"));
    batch.put(DEFAULT, b("r15"), b("dropped by the range"));
    batch.deleteRange(DEFAULT, b("r1"), b("r3"));
    batch.put(DEFAULT, b("r2"), b("after-range"));
    engine.write(batch);

    assertThat(engine.get(DEFAULT, b("p"))).isEqualTo(b("2"));
    assertThat(engine.get(DEFAULT, b("pd"))).isNull();
    assertThat(engine.get(DEFAULT, b("dp"))).isEqualTo(b("after-delete"));
    assertThat(engine.get(DEFAULT, b("r1"))).isNull();
    assertThat(engine.get(DEFAULT, b("r15"))).isNull();
    assertThat(engine.get(DEFAULT, b("r2"))).isEqualTo(b("after-range"));
    assertThat(engine.get(DEFAULT, b("r3"))).isEqualTo(b("vr3"));
    assertThat(scan(engine, DEFAULT, null, null)).containsExactly("dp", "p", "r2", "r3");
  }

  @Test
  void deleteRangeIsHalfOpenAndPerFamily() {
    putAll(DEFAULT, "a", "b", "c", "d");
    putAll(WRITE, "a", "b", "c", "d");
    deleteRange(DEFAULT, b("b"), b("d"));
    assertThat(scan(engine, DEFAULT, null, null)).containsExactly("a", "d");
    assertThat(scan(engine, WRITE, null, null)).containsExactly("a", "b", "c", "d");
    deleteRange(DEFAULT, b("a"), b("a"));
    assertThat(engine.get(DEFAULT, b("a"))).isNotNull();
    deleteRange(WRITE, new byte[0], raw(0xFF, 0xFF));
    assertThat(scan(engine, WRITE, null, null)).isEmpty();
    // Keys written after a range deletion are visible again.
    putAll(WRITE, "b");
    assertThat(scan(engine, WRITE, null, null)).containsExactly("b");
    WriteBatch batch = engine.newWriteBatch();
    assertThatThrownBy(() -> batch.deleteRange(DEFAULT, b("z"), b("a")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void batchBookkeepingAndReuse() {
    WriteBatch batch = engine.newWriteBatch();
    assertThat(batch.isEmpty()).isTrue();
    batch.put(DEFAULT, b("k"), b("vvv"));
    batch.delete(LOCK, b("kk"));
    batch.deleteRange(WRITE, b("a"), b("b"));
    assertThat(batch.count()).isEqualTo(3);
    assertThat(batch.dataSize()).isGreaterThanOrEqualTo(1 + 3 + 2 + 2);
    batch.clear();
    assertThat(batch.isEmpty()).isTrue();
    assertThat(batch.dataSize()).isZero();
    engine.write(batch, true);
    assertThat(scan(engine, DEFAULT, null, null)).isEmpty();

    byte[] key = b("k");
    byte[] value = b("v");
    batch.put(DEFAULT, key, value);
    // The batch copied its arguments: changing them afterwards changes nothing.
    key[0] = 'x';
    value[0] = 'x';
    engine.write(batch, true);
    batch.clear();
    batch.put(DEFAULT, b("k2"), b("v2"));
    engine.write(batch);
    assertThat(engine.get(DEFAULT, b("k"))).isEqualTo(b("v"));
    assertThat(engine.get(DEFAULT, b("k2"))).isEqualTo(b("v2"));
    assertThat(engine.get(DEFAULT, b("x"))).isNull();
  }

  @Test
  void foreignBatchIsRejected() {
    WriteBatch foreign =
        new WriteBatch() {
          @Override public void put(ColumnFamily cf, byte[] key, byte[] value) {}
          @Override public void delete(ColumnFamily cf, byte[] key) {}
          @Override public void deleteRange(ColumnFamily cf, byte[] startKey, byte[] endKey) {}
          @Override public int count() { return 1; }
          @Override public long dataSize() { return 0; }
          @Override public void clear() {}
        };
    assertThatThrownBy(() -> engine.write(foreign)).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- snapshots ----

  @Test
  void snapshotIgnoresLaterWritesAndDeletes() {
    putAll(DEFAULT, "a", "b", "c", "d");
    putAll(LOCK, "l");
    try (EngineSnapshot snap = engine.snapshot()) {
      put(DEFAULT, b("a"), b("changed"));
      delete(DEFAULT, b("b"));
      deleteRange(DEFAULT, b("c"), b("d"));
      putAll(DEFAULT, "bb", "e");
      delete(LOCK, b("l"));

      assertThat(snap.get(DEFAULT, b("a"))).isEqualTo(b("va"));
      assertThat(snap.get(DEFAULT, b("b"))).isEqualTo(b("vb"));
      assertThat(snap.get(DEFAULT, b("c"))).isEqualTo(b("vc"));
      assertThat(snap.get(DEFAULT, b("bb"))).isNull();
      assertThat(snap.get(LOCK, b("l"))).isEqualTo(b("vl"));
      assertThat(scan(snap, DEFAULT, null, null)).containsExactly("a", "b", "c", "d");
      assertThat(reverseScan(snap, DEFAULT, b("b"), null)).containsExactly("d", "c", "b");

      assertThat(engine.get(DEFAULT, b("a"))).isEqualTo(b("changed"));
      assertThat(scan(engine, DEFAULT, null, null)).containsExactly("a", "bb", "d", "e");
    }
  }

  @Test
  void snapshotsOfDifferentAgesSeeTheirOwnVersions() {
    List<EngineSnapshot> snaps = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        if (i == 2) {
          delete(WRITE, b("k"));
          assertThat(engine.get(WRITE, b("k"))).isNull();
        }
        put(WRITE, b("k"), longBytes(i));
        snaps.add(engine.snapshot());
      }
      for (int i = 0; i < 5; i++) {
        assertThat(asLong(snaps.get(i).get(WRITE, b("k")))).as("snapshot %d", i).isEqualTo(i);
      }
      // Closing snapshots out of order keeps the others intact.
      snaps.get(2).close();
      snaps.get(0).close();
      put(WRITE, b("k"), longBytes(99));
      assertThat(asLong(snaps.get(1).get(WRITE, b("k")))).isEqualTo(1);
      assertThat(asLong(snaps.get(4).get(WRITE, b("k")))).isEqualTo(4);
    } finally {
      snaps.forEach(EngineSnapshot::close);
    }
  }

  @Test
  void closedSnapshotRefusesUse() {
    putAll(DEFAULT, "a");
    EngineSnapshot snap = engine.snapshot();
    EngineIterator it = snap.iterator(DEFAULT, null, null);
    assertThat(it.seekToFirst()).isTrue();
    it.close();
    EngineIterator leaked = snap.iterator(DEFAULT, null, null);
    snap.close();
    snap.close();
    assertThatThrownBy(() -> snap.get(DEFAULT, b("a"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> snap.iterator(DEFAULT, null, null))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(leaked::seekToFirst).isInstanceOf(IllegalStateException.class);
    leaked.close();
  }

  // ---- concurrency ----

  /** One batch writes value i to several keys in several families. */
  private static final List<Key> BATCH_KEYS =
      List.of(
          new Key(DEFAULT, "k0"), new Key(WRITE, "k1"), new Key(LOCK, "k2"), new Key(DEFAULT, "k3"),
          new Key(RAFT, "k4"), new Key(WRITE, "k5"), new Key(DEFAULT, "k6"), new Key(LOCK, "k7"));

  private record Key(ColumnFamily cf, String key) {}

  @Test
  void concurrentReaderNeverSeesHalfABatch() throws Exception {
    int batches = 1500;
    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Thread> readers = new ArrayList<>();
    CountDownLatch started = new CountDownLatch(3);
    readers.add(Thread.ofPlatform().start(() -> {
      started.countDown();
      while (!done.get() && failures.isEmpty()) {
        try (EngineSnapshot snap = engine.snapshot()) {
          long first = -2;
          for (Key k : BATCH_KEYS) {
            byte[] v = snap.get(k.cf(), b(k.key()));
            long n = v == null ? -1 : asLong(v);
            if (first == -2) {
              first = n;
            } else if (n != first) {
              failures.add("snapshot saw " + k + "=" + n + " but " + BATCH_KEYS.get(0) + "=" + first);
            }
          }
        }
      }
    }));
    readers.add(Thread.ofPlatform().start(() -> {
      started.countDown();
      while (!done.get() && failures.isEmpty()) {
        // Live point gets, in the order the batch lists its keys, never go back in time: a get
        // that saw batch i proves batch i published, so every later get sees it too.
        long previous = -1;
        for (Key k : BATCH_KEYS) {
          byte[] v = engine.get(k.cf(), b(k.key()));
          long n = v == null ? -1 : asLong(v);
          if (n < previous) {
            failures.add("live get of " + k + "=" + n + " after an earlier get saw batch " + previous);
          }
          previous = n;
        }
      }
    }));
    readers.add(Thread.ofPlatform().start(() -> {
      started.countDown();
      while (!done.get() && failures.isEmpty()) {
        try (EngineIterator it = engine.iterator(DEFAULT, b("k"), b("l"))) {
          long first = -2;
          for (boolean ok = it.seekToLast(); ok; ok = it.prev()) {
            long n = asLong(it.value());
            if (first == -2) {
              first = n;
            } else if (n != first) {
              failures.add("iterator saw " + new String(it.key(), StandardCharsets.UTF_8) + "=" + n
                  + " and " + first);
            }
          }
        }
      }
    }));
    started.await();
    WriteBatch batch = engine.newWriteBatch();
    for (int i = 0; i < batches && failures.isEmpty(); i++) {
      batch.clear();
      for (Key k : BATCH_KEYS) {
        batch.put(k.cf(), b(k.key()), longBytes(i));
      }
      engine.write(batch);
    }
    done.set(true);
    for (Thread t : readers) {
      assertThat(t.join(java.time.Duration.ofSeconds(30))).isTrue();
    }
    assertThat(failures).isEmpty();
    for (Key k : BATCH_KEYS) {
      assertThat(asLong(engine.get(k.cf(), b(k.key())))).isEqualTo(batches - 1);
    }
  }

  @Test
  void manyConcurrentWritersAndReaders() throws Exception {
    int writers = 4;
    int batchesPerWriter = 300;
    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int id = w;
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          WriteBatch batch = engine.newWriteBatch();
          for (int n = 0; n < batchesPerWriter; n++) {
            batch.clear();
            // Each batch adds one key to DEFAULT and WRITE and bumps the writer's counter.
            String key = String.format("w%d-%05d", id, n);
            batch.put(DEFAULT, b(key), longBytes(n));
            batch.put(WRITE, b(key), longBytes(n));
            batch.put(RAFT, b("count-" + id), longBytes(n + 1));
            if (n % 10 == 9) {
              // ...and drops the previous ten keys from WRITE again.
              batch.deleteRange(WRITE, b(String.format("w%d-%05d", id, n - 9)), b(key));
            }
            engine.write(batch, n % 50 == 0);
          }
        } catch (Throwable t) {
          failures.add(t);
        }
      }));
    }
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      readers.add(Thread.ofPlatform().start(() -> {
        try {
          while (!done.get()) {
            try (EngineSnapshot snap = engine.snapshot()) {
              for (int id = 0; id < writers; id++) {
                byte[] count = snap.get(RAFT, b("count-" + id));
                long c = count == null ? 0 : asLong(count);
                byte[] lo = b("w" + id + "-");
                byte[] hi = b("w" + id + ".");
                long inDefault = scan(snap, DEFAULT, lo, hi).size();
                long inWrite = scan(snap, WRITE, lo, hi).size();
                if (inDefault != c || inWrite != c - (c / 10) * 9) {
                  throw new AssertionError("writer " + id + ": counter " + c + " but DEFAULT has "
                      + inDefault + " and WRITE " + inWrite + " keys");
                }
              }
            }
          }
        } catch (Throwable t) {
          failures.add(t);
        }
      }));
    }
    for (Thread t : threads) {
      assertThat(t.join(java.time.Duration.ofSeconds(60))).isTrue();
    }
    done.set(true);
    for (Thread t : readers) {
      assertThat(t.join(java.time.Duration.ofSeconds(60))).isTrue();
    }
    assertThat(failures).isEmpty();
    for (int id = 0; id < writers; id++) {
      assertThat(scan(engine, DEFAULT, b("w" + id + "-"), b("w" + id + "."))).hasSize(batchesPerWriter);
      assertThat(asLong(engine.get(RAFT, b("count-" + id)))).isEqualTo(batchesPerWriter);
    }
  }

  // ---- close ----

  @Test
  void closeIsIdempotentAndInvalidatesEverything() {
    putAll(DEFAULT, "a", "b");
    EngineSnapshot snap = engine.snapshot();
    EngineIterator live = engine.iterator(DEFAULT, null, null);
    EngineIterator fromSnap = snap.iterator(DEFAULT, null, null);
    assertThat(live.seekToFirst()).isTrue();
    WriteBatch batch = engine.newWriteBatch();
    batch.put(DEFAULT, b("c"), b("c"));

    engine.close();
    engine.close();

    assertThatThrownBy(() -> engine.get(DEFAULT, b("a"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> engine.iterator(DEFAULT, null, null))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(engine::snapshot).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> engine.write(batch)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> snap.get(DEFAULT, b("a"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(live::next).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(fromSnap::seekToFirst).isInstanceOf(IllegalStateException.class);
    // Closing what the engine already released is harmless.
    live.close();
    fromSnap.close();
    snap.close();
  }

  /**
   * Reads {@code reader} on another thread until a call fails, while this thread closes what the
   * reader uses; the reader must stop with {@link IllegalStateException} and nothing else (on
   * RocksDB, a native use-after-free would crash the JVM instead).
   */
  private void closeWhileAnotherThreadReads(EngineReader reader, Runnable close) throws Exception {
    CountDownLatch reading = new CountDownLatch(200);
    java.util.concurrent.atomic.AtomicReference<Throwable> stop =
        new java.util.concurrent.atomic.AtomicReference<>();
    Thread t = Thread.ofPlatform().start(() -> {
      try {
        while (true) {
          assertThat(reader.get(DEFAULT, b("k3"))).isEqualTo(b("vk3"));
          try (EngineIterator it = reader.iterator(DEFAULT, b("k"), null)) {
            for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
              it.value();
            }
          }
          reading.countDown();
        }
      } catch (Throwable e) {
        stop.set(e);
      }
    });
    assertThat(reading.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    close.run();
    assertThat(t.join(java.time.Duration.ofSeconds(30))).isTrue();
    assertThat(stop.get()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closingASnapshotUnderAConcurrentReaderIsSafe() throws Exception {
    putAll(DEFAULT, "k1", "k2", "k3", "k4");
    EngineSnapshot snap = engine.snapshot();
    closeWhileAnotherThreadReads(snap, snap::close);
  }

  @Test
  void closingTheEngineUnderAConcurrentReaderIsSafe() throws Exception {
    putAll(DEFAULT, "k1", "k2", "k3", "k4");
    closeWhileAnotherThreadReads(engine, engine::close);
  }

  /** Hex of a key, for failure messages. */
  protected static String hex(byte[] key) {
    return key == null ? "null" : HexFormat.of().formatHex(key);
  }
}
