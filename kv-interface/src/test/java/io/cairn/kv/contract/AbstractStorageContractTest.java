package io.cairn.kv.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.cairn.kv.BeginOptions;
import io.cairn.kv.DeadlockException;
import io.cairn.kv.IsolationLevel;
import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvException;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import io.cairn.kv.LockOptions;
import io.cairn.kv.LockWaitTimeoutException;
import io.cairn.kv.MemBuffer;
import io.cairn.kv.ReadOnlyTransactionException;
import io.cairn.kv.Snapshot;
import io.cairn.kv.StagingHandle;
import io.cairn.kv.Storage;
import io.cairn.kv.StorageClosedException;
import io.cairn.kv.Timestamps;
import io.cairn.kv.Transaction;
import io.cairn.kv.TransactionClosedException;
import io.cairn.kv.WriteConflictException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link Storage} must have. A driver's test extends this class and
 * implements {@link #openStorage()}; each test gets a fresh, empty storage and closes it.
 *
 * <p>Covers: read-your-writes; snapshot isolation (no dirty reads, no non-repeatable reads,
 * reads at explicit timestamps); first-committer-wins on write-write conflicts, so no lost
 * update; iterator boundaries forward and reverse against a model; statement staging
 * inside a transaction; a 100k-key transaction; 16 concurrent threads moving money between
 * accounts (optimistic and pessimistic) with the total conserved; pessimistic locks (waits,
 * timeouts, deadlocks, current reads); READ COMMITTED; read-only transactions; the oracle;
 * and what happens after commit, rollback and close.
 *
 * <p>Randomized tests derive everything from a seed that appears in every failure message.
 */
public abstract class AbstractStorageContractTest {

  /** A storage that holds no data; the test closes it. */
  protected abstract Storage openStorage();

  /**
   * How long lock waits that are expected to succeed may take; slow drivers (real RPCs on a
   * loaded machine) may raise it.
   */
  protected Duration generousTimeout() {
    return Duration.ofSeconds(20);
  }

  protected Storage storage;

  @BeforeEach
  void openFreshStorage() {
    storage = openStorage();
  }

  @AfterEach
  void closeStorage() {
    if (storage != null) {
      storage.close();
    }
  }

  // ---- helpers ---------------------------------------------------------------------------

  protected static Key k(String s) {
    return Key.utf8(s);
  }

  protected static byte[] v(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  protected static String str(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  /** Commits {@code kv} (key, value, key, value, ...) in one transaction; returns its commit ts. */
  protected long put(String... kv) {
    try (Transaction t = storage.begin()) {
      for (int i = 0; i < kv.length; i += 2) {
        t.set(k(kv[i]), v(kv[i + 1]));
      }
      t.commit();
      return t.commitTs();
    }
  }

  protected String read(String key) {
    try (Transaction t = storage.begin()) {
      return str(t.get(k(key)));
    }
  }

  protected static List<String> drain(KvIterator<KvPair> it) {
    try (it) {
      List<String> out = new ArrayList<>();
      while (it.hasNext()) {
        KvPair p = it.next();
        out.add(str(p.key().toByteArray()) + "=" + str(p.value()));
      }
      return out;
    }
  }

  protected static List<Key> drainKeys(KvIterator<KvPair> it) {
    try (it) {
      List<Key> out = new ArrayList<>();
      while (it.hasNext()) {
        out.add(it.next().key());
      }
      return out;
    }
  }

  private LockOptions lockNow(Duration wait) {
    return new LockOptions(storage.currentTimestamp(), wait, true);
  }

  private static BeginOptions pessimistic() {
    return BeginOptions.builder().pessimistic(true).build();
  }

  // ---- read your writes ------------------------------------------------------------------

  @Test
  void readsItsOwnWritesAndDeletes() {
    try (Transaction t = storage.begin()) {
      assertThat(t.get(k("a"))).isNull();
      t.set(k("a"), v("1"));
      assertThat(str(t.get(k("a")))).isEqualTo("1");
      t.set(k("a"), v("2"));
      assertThat(str(t.get(k("a")))).isEqualTo("2");
      t.set(k("b"), new byte[0]);
      assertThat(t.get(k("b"))).isEmpty();
      t.delete(k("a"));
      assertThat(t.get(k("a"))).isNull();
      assertThat(drain(t.iterate(KeyRange.all()))).containsExactly("b=");
      t.commit();
    }
    assertThat(read("a")).isNull();
    assertThat(read("b")).isEqualTo("");
  }

  @Test
  void ownWritesMergeOverCommittedData() {
    put("a", "1", "b", "2", "c", "3");
    try (Transaction t = storage.begin()) {
      t.delete(k("b"));
      t.set(k("a"), v("10"));
      t.set(k("d"), v("4"));
      assertThat(drain(t.iterate(KeyRange.all()))).containsExactly("a=10", "c=3", "d=4");
      assertThat(drain(t.iterateReverse(KeyRange.all()))).containsExactly("d=4", "c=3", "a=10");
      assertThat(t.get(k("b"))).isNull();
      Map<Key, byte[]> got = t.batchGet(List.of(k("a"), k("b"), k("c"), k("e")));
      assertThat(got.keySet()).containsExactlyInAnyOrder(k("a"), k("c"));
      assertThat(str(got.get(k("a")))).isEqualTo("10");
      assertThat(t.memBuffer().len()).isEqualTo(3);
    }
  }

  @Test
  void transactionSnapshotExcludesOwnWrites() {
    put("a", "1");
    try (Transaction t = storage.begin()) {
      t.set(k("a"), v("2"));
      t.set(k("b"), v("2"));
      assertThat(t.snapshot().timestamp()).isEqualTo(t.startTs());
      assertThat(str(t.snapshot().get(k("a")))).isEqualTo("1");
      assertThat(t.snapshot().get(k("b"))).isNull();
      assertThat(drain(t.snapshot().iterate(KeyRange.all()))).containsExactly("a=1");
      t.memBuffer().set(k("c"), v("3"));
      assertThat(str(t.get(k("c")))).isEqualTo("3");
      t.commit();
    }
    assertThat(read("c")).isEqualTo("3");
  }

  @Test
  void writtenValueIsCopied() {
    byte[] value = v("x");
    try (Transaction t = storage.begin()) {
      t.set(k("a"), value);
      value[0] = 'y';
      assertThat(str(t.get(k("a")))).isEqualTo("x");
      t.commit();
    }
    assertThat(read("a")).isEqualTo("x");
  }

  @Test
  void emptyKeyIsRejected() {
    try (Transaction t = storage.begin()) {
      assertThatThrownBy(() -> t.set(Key.EMPTY, v("x"))).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> t.get(Key.EMPTY)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  // ---- snapshot isolation ----------------------------------------------------------------

  @Test
  void noDirtyReads() {
    put("a", "1");
    try (Transaction writer = storage.begin(); Transaction before = storage.begin()) {
      writer.set(k("a"), v("dirty"));
      writer.set(k("b"), v("dirty"));
      try (Transaction after = storage.begin()) {
        assertThat(str(before.get(k("a")))).isEqualTo("1");
        assertThat(str(after.get(k("a")))).isEqualTo("1");
        assertThat(after.get(k("b"))).isNull();
        assertThat(drain(after.iterate(KeyRange.all()))).containsExactly("a=1");
        assertThat(str(storage.snapshot(storage.currentTimestamp()).get(k("a")))).isEqualTo("1");
      }
      writer.rollback();
    }
    assertThat(read("a")).isEqualTo("1");
    assertThat(read("b")).isNull();
  }

  @Test
  void noNonRepeatableReads() {
    put("a", "1", "c", "3");
    try (Transaction reader = storage.begin()) {
      assertThat(str(reader.get(k("a")))).isEqualTo("1");
      assertThat(drain(reader.iterate(KeyRange.all()))).containsExactly("a=1", "c=3");
      put("a", "2", "b", "new");
      try (Transaction deleter = storage.begin()) {
        deleter.delete(k("c"));
        deleter.commit();
      }
      assertThat(str(reader.get(k("a")))).isEqualTo("1");
      assertThat(reader.batchGet(List.of(k("a"), k("b"), k("c"))).keySet()).containsExactly(k("a"), k("c"));
      assertThat(drain(reader.iterate(KeyRange.all()))).containsExactly("a=1", "c=3");
      assertThat(drain(reader.iterateReverse(KeyRange.all()))).containsExactly("c=3", "a=1");
    }
    assertThat(read("a")).isEqualTo("2");
    assertThat(read("c")).isNull();
  }

  @Test
  void snapshotsReadAtTheirTimestamp() {
    long ts1 = put("a", "1");
    long ts2 = put("a", "2", "b", "2");
    assertThat(ts2).isGreaterThan(ts1);
    Snapshot at1 = storage.snapshot(ts1);
    assertThat(at1.timestamp()).isEqualTo(ts1);
    assertThat(str(at1.get(k("a")))).isEqualTo("1");
    assertThat(at1.get(k("b"))).isNull();
    assertThat(at1.get(k("zz"))).isNull();
    assertThat(drain(at1.iterate(KeyRange.all()))).containsExactly("a=1");
    assertThat(storage.snapshot(ts1 - 1).get(k("a"))).isNull();
    Snapshot now = storage.snapshot(storage.currentTimestamp());
    assertThat(str(now.get(k("a")))).isEqualTo("2");
    Map<Key, byte[]> batch = now.batchGet(List.of(k("a"), k("b"), k("c")));
    assertThat(batch.keySet()).containsExactlyInAnyOrder(k("a"), k("b"));
    assertThat(str(batch.get(k("b")))).isEqualTo("2");
  }

  @Test
  void explicitStartTimestampReadsThePast() {
    long ts1 = put("a", "1");
    put("a", "2");
    try (Transaction t = storage.begin(BeginOptions.builder().startTs(ts1).build())) {
      assertThat(t.startTs()).isEqualTo(ts1);
      assertThat(str(t.get(k("a")))).isEqualTo("1");
      t.set(k("a"), v("3"));
      assertThatThrownBy(t::commit).isInstanceOf(WriteConflictException.class);
    }
    assertThat(read("a")).isEqualTo("2");
  }

  // ---- first committer wins --------------------------------------------------------------

  @Test
  void firstCommitterWinsAndTheLoserIsRolledBack() {
    put("a", "0");
    Transaction t1 = storage.begin();
    Transaction t2 = storage.begin();
    t1.set(k("a"), v(Integer.parseInt(str(t1.get(k("a")))) + 1 + ""));
    t2.set(k("a"), v(Integer.parseInt(str(t2.get(k("a")))) + 1 + ""));
    t2.set(k("other"), v("x"));
    t1.commit();
    assertThatThrownBy(t2::commit)
        .isInstanceOfSatisfying(WriteConflictException.class, e -> {
          assertThat(e.retryable()).isTrue();
          assertThat(e.undetermined()).isFalse();
          assertThat(e.errno()).isEqualTo(9007);
          assertThat(e.startTs()).isEqualTo(t2.startTs());
          assertThat(e.key()).isEqualTo(k("a"));
        });
    assertThat(t2.isValid()).isFalse();
    assertThatThrownBy(t2::commit).isInstanceOf(TransactionClosedException.class);
    t2.close();
    assertThat(read("a")).isEqualTo("1");
    assertThat(read("other")).isNull();
  }

  @Test
  void deleteConflictsWithWrite() {
    put("a", "0");
    try (Transaction t1 = storage.begin(); Transaction t2 = storage.begin()) {
      t1.delete(k("a"));
      t2.set(k("a"), v("2"));
      t2.commit();
      assertThatThrownBy(t1::commit).isInstanceOf(WriteConflictException.class);
    }
    assertThat(read("a")).isEqualTo("2");
  }

  @Test
  void disjointWritersBothCommit() {
    try (Transaction t1 = storage.begin(); Transaction t2 = storage.begin()) {
      t1.set(k("a"), v("1"));
      t2.set(k("b"), v("2"));
      t1.commit();
      t2.commit();
      assertThat(t2.commitTs()).isNotEqualTo(t1.commitTs());
    }
    assertThat(read("a")).isEqualTo("1");
    assertThat(read("b")).isEqualTo("2");
  }

  @Test
  void writingAKeyCommittedBeforeTheStartIsNoConflict() {
    put("a", "1");
    try (Transaction t = storage.begin()) {
      t.set(k("a"), v("2"));
      t.commit();
    }
    assertThat(read("a")).isEqualTo("2");
  }

  @Test
  void optimisticLockKeysIsCheckedAtCommit() {
    put("a", "1");
    try (Transaction t1 = storage.begin()) {
      assertThat(t1.lockKeys(new LockOptions(t1.startTs(), Duration.ZERO), List.of(k("a")))).isEmpty();
      assertThat(t1.isReadOnly()).isFalse();
      put("a", "2");
      assertThatThrownBy(t1::commit).isInstanceOf(WriteConflictException.class);
    }
  }

  /**
   * Interleaves read-increment-write transactions on one counter at random; the final counter
   * must equal the number of commits that succeeded, whatever the interleaving.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void lostUpdateIsImpossible(long seed) {
    Random rnd = new Random(seed);
    put("counter", "0");
    int committed = 0;
    List<Transaction> open = new ArrayList<>();
    for (int step = 0; step < 200; step++) {
      int action = rnd.nextInt(3);
      if (action == 0 || open.isEmpty()) {
        Transaction t = storage.begin();
        int value = Integer.parseInt(str(t.get(k("counter"))));
        t.set(k("counter"), v(Integer.toString(value + 1)));
        open.add(t);
      } else {
        Transaction t = open.remove(rnd.nextInt(open.size()));
        if (action == 1) {
          try {
            t.commit();
            committed++;
          } catch (WriteConflictException e) {
            assertThat(t.isValid()).as("seed %d", seed).isFalse();
          }
        } else {
          t.rollback();
        }
      }
    }
    for (Transaction t : open) {
      try {
        t.commit();
        committed++;
      } catch (WriteConflictException e) {
        // lost the race, as it should
      }
    }
    assertThat(read("counter")).as("seed %d", seed).isEqualTo(Integer.toString(committed));
  }

  // ---- iterators at boundaries -----------------------------------------------------------

  private static Key hexKey(String hex) {
    return Key.fromHex(hex);
  }

  @Test
  void iteratorBoundariesForwardAndReverse() {
    List<Key> keys = List.of(
        hexKey("00"), hexKey("61"), hexKey("6100"), hexKey("6162"), hexKey("62"),
        hexKey("7f"), hexKey("80"), hexKey("ff"), hexKey("ffff"));
    try (Transaction t = storage.begin()) {
      for (Key key : keys) {
        t.set(key, key.toByteArray());
      }
      t.commit();
    }
    Snapshot s = storage.snapshot(storage.currentTimestamp());
    assertThat(drainKeys(s.iterate(KeyRange.all()))).containsExactlyElementsOf(keys);
    List<Key> reversed = new ArrayList<>(keys);
    Collections.reverse(reversed);
    assertThat(drainKeys(s.iterateReverse(KeyRange.all()))).containsExactlyElementsOf(reversed);

    // start inclusive, end exclusive, both on existing keys
    KeyRange r = new KeyRange(hexKey("6100"), hexKey("7f"));
    assertThat(drainKeys(s.iterate(r))).containsExactly(hexKey("6100"), hexKey("6162"), hexKey("62"));
    assertThat(drainKeys(s.iterateReverse(r))).containsExactly(hexKey("62"), hexKey("6162"), hexKey("6100"));
    // bounds between keys
    KeyRange between = new KeyRange(hexKey("6101"), hexKey("7e"));
    assertThat(drainKeys(s.iterate(between))).containsExactly(hexKey("6162"), hexKey("62"));
    assertThat(drainKeys(s.iterateReverse(between))).containsExactly(hexKey("62"), hexKey("6162"));
    // unsigned order: 0x7f < 0x80 < 0xff
    assertThat(drainKeys(s.iterate(new KeyRange(hexKey("7f"), hexKey("ff")))))
        .containsExactly(hexKey("7f"), hexKey("80"));
    // unbounded end, in both directions
    assertThat(drainKeys(s.iterate(KeyRange.from(hexKey("80"))))).containsExactly(hexKey("80"), hexKey("ff"), hexKey("ffff"));
    assertThat(drainKeys(s.iterateReverse(KeyRange.from(hexKey("fe"))))).containsExactly(hexKey("ffff"), hexKey("ff"));
    assertThat(drainKeys(s.iterateReverse(KeyRange.until(hexKey("6100"))))).containsExactly(hexKey("61"), hexKey("00"));
    // prefix ranges
    assertThat(drainKeys(s.iterate(KeyRange.prefix(hexKey("61"))))).containsExactly(hexKey("61"), hexKey("6100"), hexKey("6162"));
    assertThat(drainKeys(s.iterateReverse(KeyRange.prefix(hexKey("ff"))))).containsExactly(hexKey("ffff"), hexKey("ff"));
    // empty ranges
    assertThat(drainKeys(s.iterate(new KeyRange(hexKey("62"), hexKey("62"))))).isEmpty();
    assertThat(drainKeys(s.iterateReverse(new KeyRange(hexKey("62"), hexKey("62"))))).isEmpty();
    assertThat(drainKeys(s.iterate(KeyRange.from(hexKey("ffff00"))))).isEmpty();
    assertThat(drainKeys(s.iterateReverse(KeyRange.until(hexKey("00"))))).isEmpty();
    // a point range
    assertThat(drainKeys(s.iterate(KeyRange.point(hexKey("61"))))).containsExactly(hexKey("61"));
  }

  @Test
  void iteratorCanBeAbandonedAndClosedTwice() {
    put("a", "1", "b", "2", "c", "3");
    try (Transaction t = storage.begin()) {
      KvIterator<KvPair> it = t.iterate(KeyRange.all());
      assertThat(it.hasNext()).isTrue();
      assertThat(it.next().key()).isEqualTo(k("a"));
      it.close();
      it.close();
      assertThat(it.hasNext()).isFalse();
    }
  }

  /**
   * Random committed data, random buffered writes and deletes on top, random ranges: the
   * transaction's scans in both directions must equal a model's.
   */
  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void mergedScansMatchAModel(long seed) {
    Random rnd = new Random(seed);
    byte[] alphabet = {0x00, 0x01, 0x61, 0x7f, (byte) 0x80, (byte) 0xfe, (byte) 0xff};
    Function<Random, Key> randomKey = r -> {
      byte[] b = new byte[1 + r.nextInt(3)];
      for (int i = 0; i < b.length; i++) {
        b[i] = alphabet[r.nextInt(alphabet.length)];
      }
      return Key.wrap(b);
    };
    TreeMap<Key, String> model = new TreeMap<>();
    try (Transaction t = storage.begin()) {
      for (int i = 0; i < 60; i++) {
        Key key = randomKey.apply(rnd);
        t.set(key, v("c" + i));
        model.put(key, "c" + i);
      }
      t.commit();
    }
    try (Transaction t = storage.begin()) {
      for (int i = 0; i < 40; i++) {
        Key key = rnd.nextBoolean() && !model.isEmpty()
            ? new ArrayList<>(model.keySet()).get(rnd.nextInt(model.size()))
            : randomKey.apply(rnd);
        if (rnd.nextInt(3) == 0) {
          t.delete(key);
          model.remove(key);
        } else {
          t.set(key, v("b" + i));
          model.put(key, "b" + i);
        }
      }
      for (int i = 0; i < 50; i++) {
        Key a = rnd.nextInt(8) == 0 ? Key.EMPTY : randomKey.apply(rnd);
        Key b = rnd.nextInt(8) == 0 ? Key.EMPTY : randomKey.apply(rnd);
        KeyRange range;
        if (b.isEmpty() || a.compareTo(b) <= 0) {
          range = new KeyRange(a, b);
        } else {
          range = new KeyRange(b, a);
        }
        NavigableMap<Key, String> expected = range.isUnboundedEnd()
            ? model.tailMap(range.start(), true)
            : model.subMap(range.start(), true, range.end(), false);
        List<String> forward = new ArrayList<>();
        expected.forEach((key, val) -> forward.add(key + "=" + val));
        List<String> backward = new ArrayList<>(forward);
        Collections.reverse(backward);
        assertThat(describe(t.iterate(range))).as("seed %d range %s", seed, range).isEqualTo(forward);
        assertThat(describe(t.iterateReverse(range))).as("seed %d reverse range %s", seed, range).isEqualTo(backward);
      }
    }
  }

  private static List<String> describe(KvIterator<KvPair> it) {
    try (it) {
      List<String> out = new ArrayList<>();
      it.forEachRemaining(p -> out.add(p.key() + "=" + str(p.value())));
      return out;
    }
  }

  // ---- staging ---------------------------------------------------------------------------

  @Test
  void failedStatementRollsBackOnlyItself() {
    put("a", "1");
    try (Transaction t = storage.begin()) {
      MemBuffer buf = t.memBuffer();
      StagingHandle stmt1 = buf.staging();
      t.set(k("b"), v("2"));
      buf.release(stmt1);

      long sizeBefore = buf.size();
      int lenBefore = buf.len();
      StagingHandle stmt2 = buf.staging();
      t.set(k("a"), v("9"));
      t.delete(k("b"));
      t.set(k("c"), v("3"));
      assertThat(str(t.get(k("a")))).isEqualTo("9");
      buf.cleanup(stmt2);

      assertThat(str(t.get(k("a")))).isEqualTo("1");
      assertThat(str(t.get(k("b")))).isEqualTo("2");
      assertThat(t.get(k("c"))).isNull();
      assertThat(buf.size()).isEqualTo(sizeBefore);
      assertThat(buf.len()).isEqualTo(lenBefore);
      assertThat(buf.stagingDepth()).isZero();
      t.commit();
    }
    assertThat(read("a")).isEqualTo("1");
    assertThat(read("b")).isEqualTo("2");
    assertThat(read("c")).isNull();
  }

  @Test
  void nestedStagesReleaseIntoTheirParent() {
    try (Transaction t = storage.begin()) {
      MemBuffer buf = t.memBuffer();
      StagingHandle outer = buf.staging();
      t.set(k("x"), v("1"));
      StagingHandle inner = buf.staging();
      t.set(k("y"), v("2"));
      t.set(k("x"), v("3"));
      assertThatThrownBy(() -> buf.release(outer)).isInstanceOf(IllegalStateException.class);
      buf.release(inner);
      buf.cleanup(outer);
      assertThat(t.get(k("x"))).isNull();
      assertThat(t.get(k("y"))).isNull();
      assertThat(t.isReadOnly()).isTrue();

      StagingHandle outer2 = buf.staging();
      t.set(k("x"), v("1"));
      StagingHandle inner2 = buf.staging();
      t.set(k("y"), v("2"));
      buf.cleanup(inner2);
      buf.cleanup(inner2);
      buf.release(outer2);
      buf.cleanup(outer2);
      t.commit();
    }
    assertThat(read("x")).isEqualTo("1");
    assertThat(read("y")).isNull();
  }

  // ---- large transactions ----------------------------------------------------------------

  /**
   * The number of keys in {@link #largeTransaction()}. A driver for which 100k keys take more
   * than a few seconds overrides {@code largeTransaction()} with {@code @Tag("slow")} and calls
   * {@code super}, rather than lowering this.
   */
  protected int largeTransactionKeys() {
    return 100_000;
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void largeTransaction() {
    int n = largeTransactionKeys();
    try (Transaction t = storage.begin()) {
      for (int i = 0; i < n; i++) {
        t.set(k(String.format("big/%08d", i)), v(Integer.toString(i)));
      }
      assertThat(t.memBuffer().len()).isEqualTo(n);
      t.commit();
    }
    try (Transaction t = storage.begin()) {
      int count = 0;
      long sum = 0;
      try (KvIterator<KvPair> it = t.iterate(KeyRange.prefix(k("big/")))) {
        while (it.hasNext()) {
          KvPair p = it.next();
          assertThat(str(p.key().toByteArray())).isEqualTo(String.format("big/%08d", count));
          sum += Integer.parseInt(str(p.value()));
          count++;
        }
      }
      assertThat(count).isEqualTo(n);
      assertThat(sum).isEqualTo((long) n * (n - 1) / 2);
      try (KvIterator<KvPair> it = t.iterateReverse(KeyRange.prefix(k("big/")))) {
        assertThat(str(it.next().key().toByteArray())).isEqualTo(String.format("big/%08d", n - 1));
      }
      List<Key> sample = List.of(k("big/00000000"), k(String.format("big/%08d", n / 2)), k("big/x"));
      assertThat(t.batchGet(sample)).hasSize(2);
    }
  }

  // ---- concurrency -----------------------------------------------------------------------

  private static final int ACCOUNTS = 10;
  private static final int INITIAL_BALANCE = 1000;

  private static Key account(int i) {
    return k("acct/" + i);
  }

  /**
   * 16 threads move random amounts between random accounts, retrying on retryable errors, and
   * audit all balances in snapshots; every audit and the final state must show the initial
   * total. Optimistic transactions detect conflicts at commit; pessimistic ones lock both
   * accounts (in random order, so deadlocks happen and must be reported, not hang) and read the
   * current balances from the lock. The seed fixes each thread's choices; the interleaving is
   * the scheduler's.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void concurrentTransfersConserveMoney(boolean pessimistic) throws Exception {
    long seed = System.nanoTime();
    try (Transaction t = storage.begin()) {
      for (int i = 0; i < ACCOUNTS; i++) {
        t.set(account(i), v(Integer.toString(INITIAL_BALANCE)));
      }
      t.commit();
    }
    int threads = 16;
    int transfersPerThread = 50;
    int total = ACCOUNTS * INITIAL_BALANCE;
    AtomicInteger retries = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int th = 0; th < threads; th++) {
        Random rnd = new Random(seed + th);
        futures.add(pool.submit(() -> {
          for (int n = 0; n < transfersPerThread; n++) {
            int from = rnd.nextInt(ACCOUNTS);
            int to = (from + 1 + rnd.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
            int amount = rnd.nextInt(100);
            while (!transfer(pessimistic, from, to, amount, rnd)) {
              retries.incrementAndGet();
            }
            if (n % 10 == 0) {
              assertThat(audit(storage.snapshot(storage.currentTimestamp())))
                  .as("seed %d: audit total", seed).isEqualTo(total);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(110, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(audit(storage.snapshot(storage.currentTimestamp()))).as("seed %d: final total", seed).isEqualTo(total);
  }

  /** One transfer attempt; false when a retryable error says to run it again. */
  private boolean transfer(boolean pessimistic, int from, int to, int amount, Random rnd) {
    try (Transaction t = storage.begin(pessimistic ? pessimistic() : BeginOptions.DEFAULT)) {
      int fromBalance;
      int toBalance;
      if (pessimistic) {
        List<Key> keys = new ArrayList<>(List.of(account(from), account(to)));
        Collections.shuffle(keys, rnd);
        Map<Key, byte[]> current = t.lockKeys(new LockOptions(storage.currentTimestamp(), generousTimeout(), true), keys);
        fromBalance = Integer.parseInt(str(current.get(account(from))));
        toBalance = Integer.parseInt(str(current.get(account(to))));
      } else {
        Map<Key, byte[]> current = t.batchGet(List.of(account(from), account(to)));
        fromBalance = Integer.parseInt(str(current.get(account(from))));
        toBalance = Integer.parseInt(str(current.get(account(to))));
      }
      if (fromBalance < amount) {
        t.commit();
        return true;
      }
      t.set(account(from), v(Integer.toString(fromBalance - amount)));
      t.set(account(to), v(Integer.toString(toBalance + amount)));
      t.commit();
      return true;
    } catch (KvException e) {
      if (e.retryable()) {
        return false;
      }
      throw e;
    }
  }

  private static int audit(Snapshot s) {
    int sum = 0;
    int count = 0;
    try (KvIterator<KvPair> it = s.iterate(KeyRange.prefix(k("acct/")))) {
      while (it.hasNext()) {
        int balance = Integer.parseInt(str(it.next().value()));
        if (balance < 0) {
          fail("negative balance " + balance);
        }
        sum += balance;
        count++;
      }
    }
    assertThat(count).isEqualTo(ACCOUNTS);
    return sum;
  }

  // ---- pessimistic locks -----------------------------------------------------------------

  @Test
  void lockWaitTimesOutWhileAnotherHoldsTheLock() {
    put("a", "1");
    try (Transaction t1 = storage.begin(pessimistic()); Transaction t2 = storage.begin(pessimistic())) {
      t1.lockKeys(lockNow(Duration.ZERO), List.of(k("a")));
      assertThatThrownBy(() -> t2.lockKeys(lockNow(Duration.ofMillis(50)), List.of(k("a"))))
          .isInstanceOfSatisfying(LockWaitTimeoutException.class, e -> assertThat(e.errno()).isEqualTo(1205));
      t1.rollback();
      Map<Key, byte[]> got = t2.lockKeys(lockNow(Duration.ZERO), List.of(k("a"), k("missing")));
      assertThat(got.keySet()).containsExactly(k("a"));
      t2.commit();
    }
  }

  @Test
  void lockWaiterProceedsWhenTheHolderEnds() throws Exception {
    put("a", "1");
    Transaction t1 = storage.begin(pessimistic());
    t1.lockKeys(lockNow(Duration.ZERO), List.of(k("a")));
    try (Transaction t2 = storage.begin(pessimistic())) {
      LockOptions opts = lockNow(generousTimeout());
      CompletableFuture<Map<Key, byte[]>> waiter = CompletableFuture.supplyAsync(() -> t2.lockKeys(opts, List.of(k("a"))));
      Thread.sleep(50);
      assertThat(waiter).isNotDone();
      t1.commit();
      assertThat(str(waiter.get(30, TimeUnit.SECONDS).get(k("a")))).isEqualTo("1");
      t2.set(k("a"), v("2"));
      t2.commit();
    }
    assertThat(read("a")).isEqualTo("2");
  }

  @Test
  void lockingAKeyCommittedAfterForUpdateTsIsAWriteConflict() {
    put("a", "1");
    try (Transaction t = storage.begin(pessimistic())) {
      long forUpdateTs = storage.currentTimestamp();
      put("a", "2");
      assertThatThrownBy(() -> t.lockKeys(new LockOptions(forUpdateTs, Duration.ZERO, true), List.of(k("a"))))
          .isInstanceOf(WriteConflictException.class);
      Map<Key, byte[]> current = t.lockKeys(lockNow(Duration.ZERO), List.of(k("a")));
      assertThat(str(current.get(k("a")))).isEqualTo("2");
      assertThat(str(t.get(k("a")))).as("snapshot reads stay at the start timestamp").isEqualTo("1");
      t.set(k("a"), v("3"));
      t.commit();
    }
    assertThat(read("a")).isEqualTo("3");
  }

  @Test
  void pessimisticLocksWinOverOptimisticWriters() {
    put("a", "1");
    try (Transaction locker = storage.begin(pessimistic()); Transaction optimist = storage.begin()) {
      locker.lockKeys(lockNow(Duration.ZERO), List.of(k("a")));
      optimist.set(k("a"), v("opt"));
      assertThatThrownBy(optimist::commit).isInstanceOf(WriteConflictException.class);
      locker.set(k("a"), v("pes"));
      locker.commit();
    }
    assertThat(read("a")).isEqualTo("pes");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void deadlockIsDetected() throws Exception {
    put("a", "1", "b", "1");
    Transaction t1 = storage.begin(pessimistic());
    Transaction t2 = storage.begin(pessimistic());
    t1.lockKeys(lockNow(Duration.ZERO), List.of(k("a")));
    t2.lockKeys(lockNow(Duration.ZERO), List.of(k("b")));
    LockOptions t1Wait = lockNow(generousTimeout());
    CompletableFuture<Map<Key, byte[]>> t1WaitsForB = CompletableFuture.supplyAsync(() -> t1.lockKeys(t1Wait, List.of(k("b"))));
    // Whichever request closes the cycle fails: t2's, once t1 is waiting, or t1's, if t2 was
    // already waiting (with a short timeout) when t1 asked.
    DeadlockException deadlock = null;
    boolean t2Lost = false;
    long giveUp = System.nanoTime() + generousTimeout().toNanos();
    while (deadlock == null && System.nanoTime() < giveUp) {
      if (t1WaitsForB.isCompletedExceptionally()) {
        Throwable cause = t1WaitsForB.handle((r, e) -> e.getCause()).join();
        assertThat(cause).isInstanceOf(DeadlockException.class);
        deadlock = (DeadlockException) cause;
        break;
      }
      try {
        t2.lockKeys(lockNow(Duration.ofMillis(20)), List.of(k("a")));
        fail("t2 locked a while t1 holds it");
      } catch (DeadlockException e) {
        deadlock = e;
        t2Lost = true;
      } catch (LockWaitTimeoutException e) {
        // t1 is not waiting yet
      }
    }
    assertThat(deadlock).isNotNull();
    assertThat(deadlock.retryable()).isTrue();
    assertThat(deadlock.errno()).isEqualTo(1213);
    if (t2Lost) {
      t2.rollback();
      t1WaitsForB.get(30, TimeUnit.SECONDS);
      t1.commit();
    } else {
      t1.rollback();
      t2.lockKeys(lockNow(generousTimeout()), List.of(k("a")));
      t2.commit();
    }
  }

  @Test
  void readCommittedSeesNewCommitsRepeatableReadDoesNot() {
    put("a", "1");
    try (Transaction rc = storage.begin(BeginOptions.builder().pessimistic(true).isolation(IsolationLevel.READ_COMMITTED).build());
        Transaction rr = storage.begin(pessimistic())) {
      assertThat(str(rc.get(k("a")))).isEqualTo("1");
      assertThat(str(rr.get(k("a")))).isEqualTo("1");
      put("a", "2", "b", "2");
      assertThat(str(rc.get(k("a")))).isEqualTo("2");
      assertThat(drain(rc.iterate(KeyRange.all()))).containsExactly("a=2", "b=2");
      assertThat(str(rr.get(k("a")))).isEqualTo("1");
      assertThat(drain(rr.iterate(KeyRange.all()))).containsExactly("a=1");
    }
  }

  // ---- read-only transactions ------------------------------------------------------------

  @Test
  void declaredReadOnlyTransactionRejectsWrites() {
    put("a", "1");
    try (Transaction t = storage.begin(BeginOptions.builder().readOnly(true).build())) {
      assertThat(t.options().readOnly()).isTrue();
      assertThat(str(t.get(k("a")))).isEqualTo("1");
      assertThatThrownBy(() -> t.set(k("a"), v("2")))
          .isInstanceOfSatisfying(ReadOnlyTransactionException.class, e -> assertThat(e.errno()).isEqualTo(1792));
      assertThatThrownBy(() -> t.delete(k("a"))).isInstanceOf(ReadOnlyTransactionException.class);
      assertThatThrownBy(() -> t.lockKeys(new LockOptions(t.startTs(), Duration.ZERO), List.of(k("a"))))
          .isInstanceOf(ReadOnlyTransactionException.class);
      assertThatThrownBy(() -> t.memBuffer().set(k("a"), v("2"))).isInstanceOf(ReadOnlyTransactionException.class);
      assertThat(t.isReadOnly()).isTrue();
      t.commit();
      assertThatThrownBy(t::commitTs).isInstanceOf(IllegalStateException.class);
    }
    assertThat(read("a")).isEqualTo("1");
  }

  @Test
  void transactionThatWroteNothingIsReadOnlyAndNeverConflicts() {
    put("a", "1");
    try (Transaction t = storage.begin()) {
      assertThat(t.isReadOnly()).isTrue();
      assertThat(str(t.get(k("a")))).isEqualTo("1");
      StagingHandle h = t.memBuffer().staging();
      t.set(k("a"), v("x"));
      assertThat(t.isReadOnly()).isFalse();
      t.memBuffer().cleanup(h);
      assertThat(t.isReadOnly()).isTrue();
      put("a", "2");
      t.commit();
    }
  }

  // ---- lifecycle -------------------------------------------------------------------------

  @Test
  void committedTransactionCannotBeUsed() {
    Transaction t = storage.begin();
    t.set(k("a"), v("1"));
    t.commit();
    assertThat(t.isValid()).isFalse();
    assertThat(t.commitTs()).isGreaterThan(t.startTs());
    assertThatThrownBy(() -> t.get(k("a")))
        .isInstanceOfSatisfying(TransactionClosedException.class, e -> assertThat(e.errno()).isEqualTo(8024));
    assertThatThrownBy(() -> t.set(k("b"), v("1"))).isInstanceOf(TransactionClosedException.class);
    assertThatThrownBy(() -> t.iterate(KeyRange.all())).isInstanceOf(TransactionClosedException.class);
    assertThatThrownBy(t::commit).isInstanceOf(TransactionClosedException.class);
    assertThatThrownBy(t::rollback).isInstanceOf(TransactionClosedException.class);
    t.close();
    assertThat(read("a")).isEqualTo("1");
  }

  @Test
  void rollbackAndCloseDiscardWrites() {
    Transaction t = storage.begin();
    t.set(k("a"), v("1"));
    t.rollback();
    assertThat(t.isValid()).isFalse();
    assertThatThrownBy(t::commit).isInstanceOf(TransactionClosedException.class);
    try (Transaction t2 = storage.begin()) {
      t2.set(k("b"), v("1"));
    }
    assertThat(read("a")).isNull();
    assertThat(read("b")).isNull();
  }

  @Test
  void closingTheStorageStopsEverything() {
    put("a", "1");
    Transaction open = storage.begin();
    open.set(k("b"), v("1"));
    Snapshot snap = storage.snapshot(storage.currentTimestamp());
    KvIterator<KvPair> it = snap.iterate(KeyRange.all());
    storage.close();
    storage.close();
    assertThatThrownBy(storage::begin).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(() -> storage.snapshot(1)).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(() -> snap.get(k("a"))).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(it::hasNext).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(() -> open.get(k("a"))).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(open::commit).isInstanceOf(StorageClosedException.class);
    assertThat(open.isValid()).isFalse();
    open.close();
    it.close();
  }

  // ---- oracle ----------------------------------------------------------------------------

  @Test
  void timestampsStrictlyIncreaseAcrossThreads() throws Exception {
    int threads = 4;
    int perThread = 2000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<long[]>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(() -> {
          long[] out = new long[perThread];
          for (int j = 0; j < perThread; j++) {
            out[j] = storage.oracle().getTimestamp();
            if (j > 0) {
              assertThat(out[j]).isGreaterThan(out[j - 1]);
            }
          }
          return out;
        }));
      }
      Set<Long> all = new HashSet<>();
      for (Future<long[]> f : futures) {
        Arrays.stream(f.get(60, TimeUnit.SECONDS)).forEach(all::add);
      }
      assertThat(all).hasSize(threads * perThread);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void commitTimestampsOrderTransactions() {
    try (Transaction t = storage.begin()) {
      t.set(k("a"), v("1"));
      t.commit();
      assertThat(t.commitTs()).isGreaterThan(t.startTs());
      assertThat(storage.currentTimestamp()).isGreaterThan(t.commitTs());
      try (Transaction later = storage.begin()) {
        assertThat(later.startTs()).isGreaterThan(t.commitTs());
      }
    }
  }

  @Test
  void oracleExpiryAndStaleTimestamps() {
    long now = storage.oracle().getTimestamp();
    assertThat(storage.oracle().isExpired(now, Duration.ofHours(1).toMillis())).isFalse();
    long old = Timestamps.compose(Timestamps.physicalMillis(now) - 10_000, 0);
    assertThat(storage.oracle().isExpired(old, 1_000)).isTrue();
    long stale = storage.oracle().getStaleTimestamp(BeginOptions.GLOBAL_TXN_SCOPE, 10);
    long gap = Timestamps.physicalMillis(storage.oracle().getTimestamp()) - Timestamps.physicalMillis(stale);
    assertThat(gap).isBetween(10_000L, 70_000L);
  }
}
