package io.cairn.storage.mvcc.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineSnapshot;
import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.engine.WriteBatch;
import io.cairn.storage.engine.memory.MemoryEngine;
import io.cairn.storage.engine.rocksdb.RocksEngine;
import io.cairn.storage.engine.rocksdb.RocksEngineOptions;
import io.cairn.storage.mvcc.Keys;
import io.cairn.storage.mvcc.Lock;
import io.cairn.storage.mvcc.LockType;
import io.cairn.storage.mvcc.TimeStamps;
import io.cairn.storage.mvcc.Write;
import io.cairn.storage.mvcc.WriteType;
import io.cairn.storage.txn.MvccTestKit;
import io.cairn.storage.txn.PessimisticLockRequest;
import io.cairn.storage.txn.PrewriteRequest;
import io.cairn.storage.txn.actions.Mutation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded randomized differential tests of the {@link MvccScanner}s, on every engine kind:
 *
 * <ul>
 *   <li>{@code rawStatesAgreeWithModel}: random CF lock/write/default contents (many versions per
 *       key, every write and lock type, short and long values, min_commit_ts, records deleted
 *       again, RocksDB data split between SST files and the memtable) against a model of the
 *       read rule written out here on plain maps;
 *   <li>{@code txnHistoriesAgreeWithPointReads}: random Percolator histories through
 *       {@link io.cairn.storage.txn.TxnStore} (prewrite put/delete/lock, pessimistic locks,
 *       commit, rollback) against the per-key read path ({@link SnapshotReader#batchGet}).
 * </ul>
 *
 * <p>Every query varies the range, read ts (including {@link TimeStamps#MAX}), limit, direction,
 * key-only and the bypass/committed lock sets. A failure names its seed; replay one seed with
 * {@code -Dcairn.scan.seed=N}.
 */
@Timeout(120)
class MvccScannerDifferentialTest {
  /** Seeds of a plain build; the slow-tagged variants run the next {@link #SLOW_SEEDS}. */
  private static final int SEEDS = 8;
  private static final int SLOW_SEEDS = 200;

  @TempDir Path dir;

  static Stream<Arguments> cases() {
    String fixed = System.getProperty("cairn.scan.seed");
    return withEngines(
        fixed != null ? LongStream.of(Long.parseLong(fixed)) : LongStream.rangeClosed(1, SEEDS));
  }

  static Stream<Arguments> slowCases() {
    return System.getProperty("cairn.scan.seed") != null
        ? Stream.empty()
        : withEngines(LongStream.rangeClosed(SEEDS + 1, SEEDS + SLOW_SEEDS));
  }

  private static Stream<Arguments> withEngines(LongStream seeds) {
    return seeds.boxed().flatMap(seed -> Stream.of("memory", "rocksdb", "rocksdb-prefix")
        .map(engine -> Arguments.of(engine, seed)));
  }

  private KvEngine open(String kind) {
    return switch (kind) {
      case "memory" -> new MemoryEngine();
      case "rocksdb" -> RocksEngine.open(small(RocksEngineOptions.builder(dir.resolve("db"))).build());
      // A write-CF prefix extractor shorter than most keys: scans must not lose keys to it.
      case "rocksdb-prefix" -> RocksEngine.open(small(RocksEngineOptions.builder(dir.resolve("db")))
          .prefixLength(ColumnFamily.WRITE, 3).prefixLength(ColumnFamily.LOCK, 3).build());
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static RocksEngineOptions.Builder small(RocksEngineOptions.Builder b) {
    return b.blockCacheBytes(4 << 20).memtableBudgetBytes(8 << 20).writeBufferBytes(1 << 20);
  }

  // ---- raw states against a model

  /** One commit record of the model. */
  private record Version(long commitTs, Write write, byte[] value) {}

  /** The model's records of one user key. */
  private static final class KeyState {
    final List<Version> versions = new ArrayList<>();
    Lock lock;
    byte[] lockValue;
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void rawStatesAgreeWithModel(String engineKind, long seed) {
    checkRawState(engineKind, seed);
  }

  @Tag("slow")
  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("slowCases")
  void rawStatesAgreeWithModelManySeeds(String engineKind, long seed) {
    checkRawState(engineKind, seed);
  }

  private void checkRawState(String engineKind, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    try (KvEngine engine = open(engineKind)) {
      TreeMap<byte[], KeyState> model = new TreeMap<>(Arrays::compareUnsigned);
      List<byte[]> keys = randomKeys(r, 4 + r.nextInt(30));
      Set<Long> lockStarts = new HashSet<>();
      WriteBatch batch = engine.newWriteBatch();
      for (byte[] key : keys) {
        KeyState st = new KeyState();
        generateKey(r, key, st, keys, batch);
        if (st.lock != null) {
          lockStarts.add(st.lock.startTs());
        }
        model.put(key, st);
        if (batch.count() > 20 && r.nextInt(4) == 0) {
          flushBatch(engine, batch, r);
        }
      }
      flushBatch(engine, batch, r);
      deleteSome(r, engine, model);

      try (EngineSnapshot snap = engine.snapshot()) {
        for (int q = 0; q < 60; q++) {
          Query query = randomQuery(r, keys, lockStarts, 230);
          String what = "seed " + seed + " on " + engineKind + " (replay with -Dcairn.scan.seed="
              + seed + "), query " + q + ": " + query;
          List<String> expected = new ArrayList<>();
          Iterable<byte[]> order = query.reverse ? model.descendingKeySet() : model.keySet();
          for (byte[] key : order) {
            if (query.inRange(key) && expected.size() < query.limit) {
              String e = modelRead(key, model.get(key), query);
              if (e != null) {
                expected.add(e);
              }
            }
          }
          assertThat(render(SnapshotReader.scan(snap, query.start, query.end, query.limit,
              query.ts, query.keyOnly, query.reverse, query.options), query.keyOnly))
              .as(what).containsExactlyElementsOf(expected);
          if (q % 10 == 0) {
            assertStreamsToTheEnd(snap, query, what);
          }
        }
      }
    }
  }

  private static void assertStreamsToTheEnd(EngineSnapshot snap, Query q, String what) {
    List<KvEntry> all = SnapshotReader.scan(snap, q.start, q.end, Integer.MAX_VALUE, q.ts,
        q.keyOnly, q.reverse, q.options);
    MvccScanner scanner =
        MvccScanner.open(snap, q.start, q.end, q.ts, q.keyOnly, q.reverse, q.options);
    List<KvEntry> streamed = new ArrayList<>();
    for (KvEntry e; (e = scanner.next()) != null; ) {
      streamed.add(e);
    }
    assertThat(scanner.next()).as(what + ": next() after the end").isNull();
    scanner.close();
    scanner.close();
    assertThat(render(streamed, q.keyOnly)).as(what).isEqualTo(render(all, q.keyOnly));
  }

  /** Random keys, with 00/FF bytes and keys that are prefixes of others, deduplicated. */
  private static List<byte[]> randomKeys(SplittableRandom r, int n) {
    byte[] alphabet = {0x00, 0x01, 'a', 'b', (byte) 0x7F, (byte) 0x80, (byte) 0xFE, (byte) 0xFF};
    TreeMap<byte[], Boolean> keys = new TreeMap<>(Arrays::compareUnsigned);
    while (keys.size() < n) {
      byte[] k = new byte[1 + r.nextInt(r.nextInt(4) == 0 ? 20 : 4)];
      for (int i = 0; i < k.length; i++) {
        k[i] = alphabet[r.nextInt(alphabet.length)];
      }
      keys.put(k, true);
      if (r.nextInt(5) == 0) {
        keys.put(Arrays.copyOf(k, k.length + 1), true);
      }
    }
    return new ArrayList<>(keys.keySet());
  }

  private static void generateKey(
      SplittableRandom r, byte[] key, KeyState st, List<byte[]> keys, WriteBatch batch) {
    byte[] enc = Keys.encode(key);
    // Some keys get far more versions than SEEK_BOUND, so both the step and the seek paths run.
    int n = switch (r.nextInt(6)) {
      case 0 -> 0;
      case 1 -> 10 + r.nextInt(40);
      default -> 1 + r.nextInt(5);
    };
    Set<Long> commitTss = new HashSet<>();
    Set<Long> defaultStarts = new HashSet<>();
    for (int i = 0; i < n; i++) {
      long commitTs = 2 + r.nextInt(220);
      if (!commitTss.add(commitTs)) {
        continue;
      }
      WriteType type = WriteType.values()[r.nextInt(WriteType.values().length)];
      long startTs = type == WriteType.ROLLBACK ? commitTs : commitTs - 1 - r.nextInt((int) Math.min(commitTs - 1, 6));
      byte[] shortValue = null;
      byte[] value = null;
      if (type == WriteType.PUT) {
        value = randomValue(r);
        if (value.length <= Write.SHORT_VALUE_MAX_LEN) {
          shortValue = value;
        } else if (defaultStarts.add(startTs)) {
          batch.put(ColumnFamily.DEFAULT, Keys.appendTs(enc, startTs), value);
        } else {
          value = Arrays.copyOf(value, 10);
          shortValue = value;
        }
      }
      Write w = new Write(type, startTs, shortValue, r.nextInt(8) == 0, r.nextInt(8) == 0);
      batch.put(ColumnFamily.WRITE, Keys.appendTs(enc, commitTs), w.toBytes());
      st.versions.add(new Version(commitTs, w, value));
    }
    if (r.nextInt(3) == 0) {
      LockType type = LockType.values()[r.nextInt(LockType.values().length)];
      long startTs = 1 + r.nextInt(225);
      byte[] primary = r.nextInt(3) == 0 ? key : keys.get(r.nextInt(keys.size()));
      long minCommitTs = r.nextInt(3) == 0 ? startTs + r.nextInt(30) : 0;
      byte[] value = null;
      byte[] shortValue = null;
      if (type == LockType.PUT) {
        value = randomValue(r);
        if (value.length <= Write.SHORT_VALUE_MAX_LEN) {
          shortValue = value;
        } else if (defaultStarts.add(startTs)) {
          batch.put(ColumnFamily.DEFAULT, Keys.appendTs(enc, startTs), value);
        } else {
          value = Arrays.copyOf(value, 10);
          shortValue = value;
        }
      }
      st.lock = new Lock(type, primary, startTs, 3000, 0, 1, minCommitTs, shortValue);
      st.lockValue = value;
      batch.put(ColumnFamily.LOCK, enc, st.lock.toBytes());
    }
  }

  private static byte[] randomValue(SplittableRandom r) {
    byte[] v = new byte[r.nextInt(4) == 0 ? 256 + r.nextInt(100) : r.nextInt(20)];
    r.nextBytes(v);
    return v;
  }

  private static void flushBatch(KvEngine engine, WriteBatch batch, SplittableRandom r) {
    engine.write(batch);
    batch.clear();
    if (engine instanceof RocksEngine rocks && r.nextInt(3) == 0) {
      rocks.flush();
    }
  }

  /** Deletes some locks and commit records again (as commits and GC do), leaving tombstones. */
  private static void deleteSome(SplittableRandom r, KvEngine engine, TreeMap<byte[], KeyState> model) {
    WriteBatch batch = engine.newWriteBatch();
    model.forEach((key, st) -> {
      byte[] enc = Keys.encode(key);
      if (st.lock != null && r.nextInt(6) == 0) {
        batch.delete(ColumnFamily.LOCK, enc);
        st.lock = null;
        st.lockValue = null;
      }
      st.versions.removeIf(v -> {
        if (r.nextInt(8) != 0) {
          return false;
        }
        batch.delete(ColumnFamily.WRITE, Keys.appendTs(enc, v.commitTs()));
        return true;
      });
    });
    engine.write(batch);
  }

  /** The read rule on the model: an entry rendered like {@link #render}, or null if absent. */
  private static String modelRead(byte[] key, KeyState st, Query q) {
    Lock l = st.lock;
    if (l != null) {
      boolean committed = q.options.committedLocks().contains(l.startTs());
      if (committed && l.type() == LockType.PUT) {
        return present(key, st.lockValue, q.keyOnly);
      }
      if (committed && l.type() == LockType.DELETE) {
        return null;
      }
      boolean ignored = l.startTs() > q.ts
          || l.type() == LockType.LOCK
          || l.type() == LockType.PESSIMISTIC
          || l.minCommitTs() > q.ts
          || q.options.bypassLocks().contains(l.startTs())
          || (q.ts == TimeStamps.MAX && Arrays.equals(key, l.primary()));
      if (!ignored) {
        return Keys.hex(key) + " locked by " + l.startTs();
      }
    }
    Version newest = null;
    for (Version v : st.versions) {
      if (v.commitTs() <= q.ts && v.write().isDataChange()
          && (newest == null || v.commitTs() > newest.commitTs())) {
        newest = v;
      }
    }
    return newest == null || newest.write().type() == WriteType.DELETE
        ? null
        : present(key, newest.value(), q.keyOnly);
  }

  private static String present(byte[] key, byte[] value, boolean keyOnly) {
    return keyOnly ? Keys.hex(key) : Keys.hex(key) + "=" + Keys.hex(value);
  }

  private static List<String> render(List<KvEntry> entries, boolean keyOnly) {
    List<String> out = new ArrayList<>(entries.size());
    for (KvEntry e : entries) {
      if (e.error() instanceof io.cairn.storage.mvcc.KeyError.Locked l) {
        assertThat(l.lock().key()).isEqualTo(e.key());
        out.add(Keys.hex(e.key()) + " locked by " + l.lock().lockVersion());
      } else if (e.error() != null) {
        out.add(Keys.hex(e.key()) + " " + e.error());
      } else if (keyOnly) {
        out.add(e.value() == null ? Keys.hex(e.key()) : Keys.hex(e.key()) + " with a value");
      } else {
        out.add(Keys.hex(e.key()) + "=" + Keys.hex(e.value()));
      }
    }
    return out;
  }

  // ---- queries

  private record Query(byte[] start, byte[] end, int limit, long ts, boolean keyOnly,
      boolean reverse, ReadOptions options) {

    boolean inRange(byte[] key) {
      return (start == null || Arrays.compareUnsigned(key, start) >= 0)
          && (end == null || Arrays.compareUnsigned(key, end) < 0);
    }

    @Override
    public String toString() {
      return "[" + Keys.hex(start) + ", " + Keys.hex(end) + ") limit " + limit + " ts " + ts
          + (keyOnly ? " key-only" : "") + (reverse ? " reverse" : "") + " bypass "
          + options.bypassLocks() + " committed " + options.committedLocks();
    }
  }

  private static Query randomQuery(SplittableRandom r, List<byte[]> keys, Set<Long> lockStarts,
      int maxTs) {
    byte[] start = randomBound(r, keys);
    byte[] end = randomBound(r, keys);
    if (start != null && end != null && Arrays.compareUnsigned(start, end) > 0) {
      byte[] t = start;
      start = end;
      end = t;
    }
    int limit = switch (r.nextInt(5)) {
      case 0 -> 1 + r.nextInt(3);
      case 1 -> 1 + r.nextInt(keys.size() + 1);
      default -> Integer.MAX_VALUE;
    };
    long ts = r.nextInt(8) == 0 ? TimeStamps.MAX : r.nextInt(maxTs + 10);
    Set<Long> bypass = new HashSet<>();
    Set<Long> committed = new HashSet<>();
    for (long s : lockStarts) {
      int pick = r.nextInt(6);
      if (pick == 0) {
        bypass.add(s);
      } else if (pick == 1) {
        committed.add(s);
      }
    }
    return new Query(start, end, limit, ts, r.nextInt(4) == 0, r.nextBoolean(),
        new ReadOptions(bypass, committed));
  }

  private static byte[] randomBound(SplittableRandom r, List<byte[]> keys) {
    return switch (r.nextInt(4)) {
      case 0 -> null;
      case 1 -> {
        byte[] k = keys.get(r.nextInt(keys.size()));
        yield Arrays.copyOf(k, k.length + 1);
      }
      default -> keys.get(r.nextInt(keys.size()));
    };
  }

  // ---- Percolator histories against the per-key read path

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void txnHistoriesAgreeWithPointReads(String engineKind, long seed) {
    checkTxnHistory(engineKind, seed);
  }

  @Tag("slow")
  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("slowCases")
  void txnHistoriesAgreeWithPointReadsManySeeds(String engineKind, long seed) {
    checkTxnHistory(engineKind, seed);
  }

  private void checkTxnHistory(String engineKind, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    MvccTestKit t = new MvccTestKit(open(engineKind));
    try {
      List<byte[]> keys = randomKeys(r, 6 + r.nextInt(10));
      long ts = 10;
      List<long[]> pendingStarts = new ArrayList<>();
      List<List<byte[]>> pendingKeys = new ArrayList<>();
      Set<Long> allStarts = new HashSet<>();
      for (int op = 0; op < 200; op++) {
        ts += 1 + r.nextInt(3);
        int kind = r.nextInt(10);
        if (kind < 4 || pendingStarts.isEmpty()) {
          List<Mutation> ms = new ArrayList<>();
          Set<String> seen = new HashSet<>();
          for (int i = 1 + r.nextInt(3); i > 0; i--) {
            byte[] k = keys.get(r.nextInt(keys.size()));
            if (seen.add(Keys.hex(k))) {
              ms.add(switch (r.nextInt(6)) {
                case 0 -> Mutation.delete(k);
                case 1 -> Mutation.lock(k);
                default -> Mutation.put(k, randomValue(r));
              });
            }
          }
          List<byte[]> mkeys = ms.stream().map(Mutation::key).toList();
          var result = t.store.prewrite(t.ctx,
              PrewriteRequest.optimistic(ms, mkeys.get(0), ts, 3000));
          if (!result.errors().isEmpty()) {
            t.store.rollback(t.ctx, mkeys, ts);
          } else {
            pendingStarts.add(new long[] {ts});
            pendingKeys.add(mkeys);
            allStarts.add(ts);
          }
        } else if (kind == 4) {
          byte[] k = keys.get(r.nextInt(keys.size()));
          try {
            var res = t.store.acquirePessimisticLock(t.ctx,
                PessimisticLockRequest.of(List.of(k), k, ts, ts, 3000, 0));
            if (res.error() == null) {
              allStarts.add(ts);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
          }
        } else {
          int i = r.nextInt(pendingStarts.size());
          long start = pendingStarts.remove(i)[0];
          List<byte[]> mkeys = pendingKeys.remove(i);
          if (kind < 8) {
            t.store.commit(t.ctx, mkeys, start, ts);
          } else {
            t.store.rollback(t.ctx, mkeys, start);
          }
        }
      }
      List<byte[]> probe = new ArrayList<>(keys);
      for (int q = 0; q < 60; q++) {
        Query query = randomQuery(r, keys, allStarts, (int) ts);
        String what = "seed " + seed + " on " + engineKind + " (replay with -Dcairn.scan.seed="
            + seed + "), query " + q + ": " + query;
        List<byte[]> inRange = new ArrayList<>(probe.stream().filter(query::inRange).toList());
        if (query.reverse) {
          inRange = inRange.reversed();
        }
        List<KvEntry> pointReads = t.reader.batchGet(t.ctx, inRange, query.ts, query.options);
        List<KvEntry> expected = pointReads.subList(0, Math.min(query.limit, pointReads.size()));
        List<KvEntry> scanned = t.reader.scan(t.ctx, query.start, query.end, query.limit,
            query.ts, query.keyOnly, query.reverse, query.options);
        assertThat(render(scanned, query.keyOnly)).as(what)
            .containsExactlyElementsOf(render(query.keyOnly ? stripValues(expected) : expected,
                query.keyOnly));
      }
    } finally {
      t.engine.close();
    }
  }

  private static List<KvEntry> stripValues(List<KvEntry> entries) {
    return entries.stream()
        .map(e -> e.isError() ? e : new KvEntry(e.key(), null, null))
        .toList();
  }
}
