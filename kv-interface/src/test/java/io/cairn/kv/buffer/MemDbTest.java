package io.cairn.kv.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.BufferEntry;
import io.cairn.kv.EntryTooLargeException;
import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import io.cairn.kv.StagingHandle;
import io.cairn.kv.TxnTooLargeException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemDbTest {

  private static Key k(String s) {
    return Key.utf8(s);
  }

  private static byte[] v(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void getDistinguishesNothingFromDeleteOnlyThroughLookup() {
    MemDb db = new MemDb();
    db.set(k("a"), v("1"));
    db.delete(k("b"));
    assertThat(db.get(k("a"))).isEqualTo(v("1"));
    assertThat(db.get(k("b"))).isNull();
    assertThat(db.get(k("c"))).isNull();
    assertThat(db.lookup(k("b"))).isEqualTo(new BufferEntry(k("b"), null));
    assertThat(db.lookup(k("b")).isDelete()).isTrue();
    assertThat(db.lookup(k("c"))).isNull();
    assertThatThrownBy(() -> db.set(Key.EMPTY, v("x"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> db.delete(Key.EMPTY)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sizeAndLenCountLiveEntries() {
    MemDb db = new MemDb();
    assertThat(db.isEmpty()).isTrue();
    db.set(k("a"), v("xyz"));
    assertThat(db.size()).isEqualTo(4);
    assertThat(db.len()).isEqualTo(1);
    db.set(k("a"), v("x"));
    assertThat(db.size()).isEqualTo(2);
    db.delete(k("a"));
    assertThat(db.size()).isEqualTo(1);
    assertThat(db.len()).isEqualTo(1);
    db.set(k("bb"), new byte[0]);
    assertThat(db.size()).isEqualTo(3);
    assertThat(db.len()).isEqualTo(2);
  }

  @Test
  void scansSkipDeletesAndEntryScansFlagThem() {
    MemDb db = new MemDb();
    db.set(k("a"), v("1"));
    db.delete(k("b"));
    db.set(k("c"), v("3"));
    assertThat(keys(db.iterate(KeyRange.all()))).containsExactly("a", "c");
    assertThat(keys(db.iterateReverse(KeyRange.all()))).containsExactly("c", "a");
    List<BufferEntry> entries = new ArrayList<>();
    try (KvIterator<BufferEntry> it = db.iterateEntries(KeyRange.all())) {
      it.forEachRemaining(entries::add);
    }
    assertThat(entries).extracting(BufferEntry::isDelete).containsExactly(false, true, false);
    List<BufferEntry> reversed = new ArrayList<>();
    try (KvIterator<BufferEntry> it = db.iterateEntriesReverse(new KeyRange(k("b"), k("c")))) {
      it.forEachRemaining(reversed::add);
    }
    assertThat(reversed).containsExactly(new BufferEntry(k("b"), null));
  }

  @Test
  void writeInvalidatesOpenIterators() {
    MemDb db = new MemDb();
    db.set(k("a"), v("1"));
    db.set(k("b"), v("2"));
    KvIterator<KvPair> it = db.iterate(KeyRange.all());
    it.next();
    db.set(k("a"), v("changed"));
    assertThatThrownBy(it::hasNext).isInstanceOf(ConcurrentModificationException.class);
  }

  @Test
  void limitsRejectWritesWithoutEffect() {
    MemDb db = new MemDb(10, 20);
    db.set(k("a"), v("123456789"));
    assertThatThrownBy(() -> db.set(k("b"), v("1234567890")))
        .isInstanceOfSatisfying(EntryTooLargeException.class, e -> {
          assertThat(e.limit()).isEqualTo(10);
          assertThat(e.size()).isEqualTo(11);
        });
    db.set(k("b"), v("12345678"));
    assertThat(db.size()).isEqualTo(19);
    assertThatThrownBy(() -> db.set(k("c"), v("1")))
        .isInstanceOfSatisfying(TxnTooLargeException.class, e -> assertThat(e.size()).isEqualTo(21));
    assertThat(db.lookup(k("c"))).isNull();
    assertThat(db.size()).isEqualTo(19);
    db.set(k("b"), v("1234567"));
    assertThat(db.size()).isEqualTo(18);
  }

  @Test
  void readOnlyBufferRejectsWrites() {
    MemDb db = new MemDb(10, 10, true);
    assertThatThrownBy(() -> db.set(k("a"), v("1"))).isInstanceOf(io.cairn.kv.ReadOnlyTransactionException.class);
    assertThatThrownBy(() -> db.delete(k("a"))).isInstanceOf(io.cairn.kv.ReadOnlyTransactionException.class);
    db.cleanup(db.staging());
    assertThat(db.isEmpty()).isTrue();
  }

  @Test
  void cleanupRestoresEntriesSizeAndLen() {
    MemDb db = new MemDb();
    db.set(k("a"), v("1"));
    db.delete(k("d"));
    long size = db.size();
    StagingHandle h = db.staging();
    assertThat(h.depth()).isEqualTo(1);
    db.set(k("a"), v("changed"));
    db.set(k("b"), v("new"));
    db.set(k("d"), v("revived"));
    db.delete(k("a"));
    db.cleanup(h);
    assertThat(db.get(k("a"))).isEqualTo(v("1"));
    assertThat(db.lookup(k("b"))).isNull();
    assertThat(db.lookup(k("d")).isDelete()).isTrue();
    assertThat(db.size()).isEqualTo(size);
    assertThat(db.len()).isEqualTo(2);
    assertThat(db.stagingDepth()).isZero();
  }

  @Test
  void releasedStageChangesBelongToTheParent() {
    MemDb db = new MemDb();
    db.set(k("a"), v("0"));
    StagingHandle outer = db.staging();
    db.set(k("a"), v("1"));
    StagingHandle inner = db.staging();
    assertThat(inner.depth()).isEqualTo(2);
    db.set(k("a"), v("2"));
    db.set(k("b"), v("2"));
    db.release(inner);
    assertThat(db.get(k("a"))).isEqualTo(v("2"));
    db.cleanup(outer);
    assertThat(db.get(k("a"))).isEqualTo(v("0"));
    assertThat(db.lookup(k("b"))).isNull();
    assertThat(db.size()).isEqualTo(2);
  }

  @Test
  void stagesCloseInnermostFirst() {
    MemDb db = new MemDb();
    StagingHandle outer = db.staging();
    StagingHandle inner = db.staging();
    assertThatThrownBy(() -> db.release(outer)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> db.cleanup(outer)).isInstanceOf(IllegalStateException.class);
    db.release(inner);
    db.cleanup(inner);
    assertThatThrownBy(() -> db.release(inner)).isInstanceOf(IllegalStateException.class);
    db.release(outer);
    StagingHandle again = db.staging();
    assertThat(again.depth()).isEqualTo(outer.depth());
    assertThatThrownBy(() -> db.release(outer)).as("a stale handle at the same depth").isInstanceOf(IllegalStateException.class);
    db.set(k("x"), v("1"));
    db.cleanup(outer);
    assertThat(db.get(k("x"))).as("cleanup of a stale handle does nothing").isEqualTo(v("1"));
    db.cleanup(again);
    assertThat(db.isEmpty()).isTrue();
  }

  /**
   * Random writes, deletes and stage operations against a model that copies the whole map at
   * every stage: state, size and len must agree after every step.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void matchesACopyingModel(long seed) {
    Random rnd = new Random(seed);
    MemDb db = new MemDb();
    TreeMap<Key, BufferEntry> model = new TreeMap<>();
    Deque<TreeMap<Key, BufferEntry>> saved = new ArrayDeque<>();
    Deque<StagingHandle> handles = new ArrayDeque<>();
    for (int step = 0; step < 3000; step++) {
      int op = rnd.nextInt(10);
      Key key = Key.wrap(new byte[] {(byte) rnd.nextInt(40)});
      if (op < 5) {
        byte[] value = new byte[rnd.nextInt(6)];
        rnd.nextBytes(value);
        db.set(key, value);
        model.put(key, new BufferEntry(key, value));
      } else if (op < 7) {
        db.delete(key);
        model.put(key, new BufferEntry(key, null));
      } else if (op == 7 && handles.size() < 6) {
        handles.push(db.staging());
        saved.push(new TreeMap<>(model));
      } else if (op == 8 && !handles.isEmpty()) {
        db.release(handles.pop());
        saved.pop();
      } else if (op == 9 && !handles.isEmpty()) {
        db.cleanup(handles.pop());
        model = saved.pop();
      }
      String at = "seed " + seed + " step " + step;
      assertThat(db.len()).as(at).isEqualTo(model.size());
      assertThat(db.size()).as(at).isEqualTo(model.values().stream()
          .mapToLong(e -> e.key().length() + (e.value() == null ? 0 : e.value().length)).sum());
      assertThat(db.stagingDepth()).as(at).isEqualTo(handles.size());
      if (step % 50 == 0) {
        List<BufferEntry> actual = new ArrayList<>();
        try (KvIterator<BufferEntry> it = db.iterateEntries(KeyRange.all())) {
          it.forEachRemaining(actual::add);
        }
        assertThat(actual).as(at).containsExactlyElementsOf(model.values());
      }
    }
  }

  @Test
  void unionLaysTheBufferOverASnapshot() {
    MemDb snapshot = new MemDb();
    for (String s : List.of("a", "b", "c", "e")) {
      snapshot.set(k(s), v("snap"));
    }
    MemDb buffer = new MemDb();
    buffer.delete(k("b"));
    buffer.set(k("c"), v("buf"));
    buffer.set(k("d"), v("buf"));
    buffer.delete(k("z"));
    List<String> forward = describe(new UnionIterator(
        buffer.iterateEntries(KeyRange.all()), snapshot.iterate(KeyRange.all()), false));
    assertThat(forward).containsExactly("a=snap", "c=buf", "d=buf", "e=snap");
    List<String> reverse = describe(new UnionIterator(
        buffer.iterateEntriesReverse(KeyRange.all()), snapshot.iterateReverse(KeyRange.all()), true));
    assertThat(reverse).containsExactly("e=snap", "d=buf", "c=buf", "a=snap");
  }

  private static List<String> keys(KvIterator<KvPair> it) {
    List<String> out = new ArrayList<>();
    try (it) {
      it.forEachRemaining(p -> out.add(new String(p.key().toByteArray(), java.nio.charset.StandardCharsets.UTF_8)));
    }
    return out;
  }

  private static List<String> describe(KvIterator<KvPair> it) {
    List<String> out = new ArrayList<>();
    try (it) {
      it.forEachRemaining(p -> out.add(new String(p.key().toByteArray(), java.nio.charset.StandardCharsets.UTF_8)
          + "=" + new String(p.value(), java.nio.charset.StandardCharsets.UTF_8)));
    }
    return out;
  }
}
