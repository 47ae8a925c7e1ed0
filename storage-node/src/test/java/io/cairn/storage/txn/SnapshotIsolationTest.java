package io.cairn.storage.txn;

import static io.cairn.storage.txn.MvccTestKit.b;
import static io.cairn.storage.txn.MvccTestKit.s;

import io.cairn.storage.mvcc.KeyError;
import io.cairn.storage.mvcc.LockInfo;
import io.cairn.storage.mvcc.LockType;
import io.cairn.storage.mvcc.TimeStamps;
import io.cairn.storage.mvcc.reader.KvEntry;
import io.cairn.storage.mvcc.reader.ReadOptions;
import io.cairn.storage.txn.actions.Mutation;
import io.cairn.storage.txn.actions.TxnStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Concurrent randomized transactions through the real commands, with a history checker for
 * snapshot isolation. Each history: a fresh store, several threads each running random
 * optimistic or pessimistic read/write transactions, which resolve the locks they meet
 * (check_txn_status on the primary, then commit or roll back the lock, or bypass a pushed
 * one); some clients "crash" after prewrite or after committing the primary and leave their
 * locks to others. The checker then verifies:
 *
 * <ul>
 *   <li>every read returned the latest committed write with commit_ts ≤ the reader's start_ts;
 *   <li>no two committed transactions with overlapping [start_ts, commit_ts] wrote one key
 *       (first committer wins);
 *   <li>after resolving leftover locks, the store holds exactly the latest committed writes;
 *   <li>after GC at a random safe point, reads at and above it are unchanged.
 * </ul>
 *
 * Failures name the seed; replay one with {@code -Dcairn.si.seed=N}.
 */
class SnapshotIsolationTest {
  private static ExecutorService pool;

  @BeforeAll
  static void startPool() {
    pool = Executors.newFixedThreadPool(6);
  }

  @AfterAll
  static void stopPool() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  /** The default run: small histories, a few seconds. */
  @Test
  void smallHistories() throws Exception {
    runHistories("small", 0, 150, new Config(3, 6, 6));
  }

  /** With the slow tag: 2,000 more histories, some long, some on very few keys. */
  @Tag("slow")
  @Test
  void manyHistories() throws Exception {
    runHistories("small", 1_000, 1_000, new Config(3, 6, 6));
    runHistories("long", 100_000, 500, new Config(5, 20, 10));
    runHistories("hot", 200_000, 500, new Config(4, 10, 3));
  }

  /** @param keys number of distinct keys; fewer keys, more conflicts */
  record Config(int threads, int txnsPerThread, int keys) {}

  static void runHistories(String name, long firstSeed, int count, Config config)
      throws Exception {
    String replay = System.getProperty("cairn.si.seed");
    if (replay != null) {
      new History(Long.parseLong(replay), config).run();
      return;
    }
    long txns = 0;
    long committed = 0;
    long reads = 0;
    Map<String, Integer> outcomes = new TreeMap<>();
    long begin = System.nanoTime();
    for (long seed = firstSeed; seed < firstSeed + count; seed++) {
      History h = new History(seed, config);
      h.run();
      txns += h.txns.size();
      committed += h.txns.stream().filter(x -> x.commitTs != 0).count();
      reads += h.txns.stream().mapToInt(x -> x.reads.size()).sum();
      for (TxnRecord r : h.txns) {
        outcomes.merge(r.outcome, 1, Integer::sum);
      }
    }
    System.out.printf("SI %s: %d histories checked (seeds %d..%d), %d txns, %d committed,"
            + " %d reads checked, %d ms; outcomes %s%n", name, count, firstSeed,
        firstSeed + count - 1, txns, committed, reads, (System.nanoTime() - begin) / 1_000_000,
        outcomes);
  }

  /** One transaction as the client saw it. */
  static final class TxnRecord {
    final long startTs;
    volatile long commitTs;
    final List<String[]> reads = new ArrayList<>();
    final Map<String, String> writes = new LinkedHashMap<>();
    String outcome = "running";

    TxnRecord(long startTs) {
      this.startTs = startTs;
    }

    @Override
    public String toString() {
      List<String> r = reads.stream().map(x -> x[0] + "=" + x[1]).toList();
      return "txn[" + startTs + "→" + commitTs + " " + outcome + " reads=" + r + " writes="
          + writes + "]";
    }
  }

  static final class History {
    final long seed;
    final Config config;
    final MvccTestKit t = new MvccTestKit();
    /** A TSO whose physical clock advances 1 ms per timestamp, so TTLs run out quickly. */
    final AtomicLong clock = new AtomicLong(1000);
    final List<TxnRecord> txns = Collections.synchronizedList(new ArrayList<>());
    final long ttl;

    History(long seed, Config config) {
      this.seed = seed;
      this.config = config;
      // Short enough that live transactions are sometimes rolled back by resolvers.
      this.ttl = 3 + new Random(seed).nextInt(60);
    }

    long nextTs() {
      return TimeStamps.compose(clock.incrementAndGet(), 0);
    }

    String key(int i) {
      return "k" + i;
    }

    void run() throws Exception {
      List<Future<?>> clients = new ArrayList<>();
      for (int th = 0; th < config.threads(); th++) {
        Random random = new Random(seed * 31 + th);
        clients.add(pool.submit(() -> {
          for (int i = 0; i < config.txnsPerThread(); i++) {
            runTxn(random);
          }
          return null;
        }));
      }
      for (Future<?> f : clients) {
        try {
          f.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new AssertionError("seed " + seed + ": client failed: " + e, e);
        }
      }
      check();
    }

    void fail(String what) {
      StringBuilder sb = new StringBuilder("seed " + seed + ": " + what + "\nhistory:");
      synchronized (txns) {
        for (TxnRecord r : txns) {
          sb.append("\n  ").append(r);
        }
      }
      throw new AssertionError(sb.toString());
    }

    // ---------------------------------------------------------------- client

    void runTxn(Random random) throws InterruptedException {
      boolean pessimistic = random.nextInt(10) < 3;
      TxnRecord txn = new TxnRecord(nextTs());
      txns.add(txn);
      Set<Long> bypass = new HashSet<>();
      int nReads = random.nextInt(4);
      for (int i = 0; i < nReads; i++) {
        String k = key(random.nextInt(config.keys()));
        if (!read(txn, k, bypass)) {
          txn.outcome = "aborted: read kept blocked";
          return;
        }
      }
      int nWrites = 1 + random.nextInt(3);
      List<Mutation> mutations = new ArrayList<>();
      for (int i = 0; i < nWrites; i++) {
        String k = key(random.nextInt(config.keys()));
        if (txn.writes.containsKey(k)) {
          continue;
        }
        String v = random.nextInt(8) == 0 ? null : txn.startTs + ":" + k;
        txn.writes.put(k, v);
        mutations.add(v == null ? Mutation.delete(b(k)) : Mutation.put(b(k), b(v)));
      }
      List<byte[]> keys = mutations.stream().map(Mutation::key).toList();
      byte[] primary = keys.get(0);
      PrewriteResult pr;
      if (pessimistic) {
        if (!lockPessimistically(txn, keys, primary, random)) {
          return;
        }
        List<Boolean> flags = Collections.nCopies(keys.size(), true);
        pr = t.store.prewrite(PrewriteRequest.pessimistic(
            mutations, primary, txn.startTs, ttl, txn.startTs, flags));
      } else {
        pr = t.store.prewrite(PrewriteRequest.optimistic(mutations, primary, txn.startTs, ttl));
      }
      if (!pr.isOk()) {
        for (KeyError e : pr.errors()) {
          if (e instanceof KeyError.Locked l) {
            resolve(l.lock(), 0, new HashSet<>());
          }
        }
        txn.outcome = "aborted: prewrite " + pr.errors().get(0).getClass().getSimpleName();
        Optional<KeyError> rb = t.store.rollback(keys, txn.startTs);
        if (rb.isPresent()) {
          fail("rollback after failed prewrite: " + rb.get() + " of " + txn);
        }
        return;
      }
      if (random.nextInt(20) == 0) {
        txn.outcome = "crashed after prewrite";
        return;
      }
      long commitTs = nextTs();
      while (true) {
        Optional<KeyError> e = t.store.commit(List.of(primary), txn.startTs, commitTs);
        if (e.isEmpty()) {
          break;
        }
        if (e.get() instanceof KeyError.CommitTsExpired) {
          commitTs = nextTs();
          continue;
        }
        if (e.get() instanceof KeyError.TxnLockNotFound) {
          txn.outcome = "aborted: rolled back by a resolver";
          if (random.nextBoolean()) {
            t.store.rollback(keys, txn.startTs);
          }
          return;
        }
        fail("commit primary: " + e.get() + " of " + txn);
      }
      txn.commitTs = commitTs;
      txn.outcome = "committed";
      if (random.nextInt(20) == 0) {
        txn.outcome = "committed, crashed before secondaries";
        return;
      }
      List<byte[]> secondaries = keys.subList(1, keys.size());
      if (!secondaries.isEmpty()) {
        Optional<KeyError> e = t.store.commit(secondaries, txn.startTs, commitTs);
        if (e.isPresent()) {
          fail("commit secondaries: " + e.get() + " of " + txn);
        }
      }
    }

    /**
     * Locks the write keys one request at a time (like statements do, so transactions hold
     * locks while they wait and can deadlock), at for_update_ts = start_ts, which keeps the
     * transaction SI. Half the time the keys are locked in shuffled order.
     */
    boolean lockPessimistically(TxnRecord txn, List<byte[]> keys, byte[] primary, Random random)
        throws InterruptedException {
      List<byte[]> order = new ArrayList<>(keys);
      if (random.nextBoolean()) {
        Collections.shuffle(order, random);
      }
      for (byte[] key : order) {
        if (!lockOne(txn, key, primary, random)) {
          t.store.pessimisticRollback(keys, txn.startTs, txn.startTs);
          return false;
        }
      }
      return true;
    }

    boolean lockOne(TxnRecord txn, byte[] key, byte[] primary, Random random)
        throws InterruptedException {
      for (int attempt = 0; attempt < 50; attempt++) {
        PessimisticLockResult r = t.store.acquirePessimisticLock(PessimisticLockRequest.of(
            List.of(key), primary, txn.startTs, txn.startTs, ttl, 1 + random.nextInt(5)));
        if (r.isOk()) {
          return true;
        }
        if (r.error() instanceof KeyError.Locked l) {
          resolve(l.lock(), 0, new HashSet<>());
          continue;
        }
        txn.outcome = "aborted: pessimistic lock " + r.error().getClass().getSimpleName();
        return false;
      }
      txn.outcome = "aborted: pessimistic lock kept blocked";
      return false;
    }

    boolean read(TxnRecord txn, String k, Set<Long> bypass) {
      for (int attempt = 0; attempt < 500; attempt++) {
        KvEntry e = t.reader.get(b(k), txn.startTs, new ReadOptions(bypass, Set.of()));
        if (e.error() == null) {
          txn.reads.add(new String[] {k, s(e.value())});
          return true;
        }
        if (!(e.error() instanceof KeyError.Locked l)) {
          fail("read " + k + ": " + e.error());
        }
        resolve(((KeyError.Locked) e.error()).lock(), txn.startTs, bypass);
      }
      return false;
    }

    /** What TiDB's lock resolver does for one lock met at {@code callerStartTs}. */
    void resolve(LockInfo lock, long callerStartTs, Set<Long> bypass) {
      Outcome<TxnStatus> o = t.store.checkTxnStatus(lock.primaryLock(), lock.lockVersion(),
          callerStartTs, nextTs(), true, lock.lockType() == LockType.PESSIMISTIC);
      if (!o.isOk()) {
        fail("check_txn_status: " + o.error());
      }
      Optional<KeyError> err = switch (o.value()) {
        case TxnStatus.Committed c ->
            t.store.resolveLockLite(lock.lockVersion(), c.commitTs(), List.of(lock.key()));
        case TxnStatus.RolledBack r ->
            t.store.resolveLockLite(lock.lockVersion(), 0, List.of(lock.key()));
        case TxnStatus.Uncommitted u -> {
          if (callerStartTs != 0 && u.minCommitTs() > callerStartTs) {
            bypass.add(lock.lockVersion());
          }
          yield Optional.empty();
        }
      };
      if (err.isPresent()) {
        fail("resolve " + lock + ": " + err.get());
      }
    }

    // ---------------------------------------------------------------- checker

    void check() {
      List<TxnRecord> all;
      synchronized (txns) {
        all = new ArrayList<>(txns);
      }
      Map<String, TreeMap<Long, String>> committed = new TreeMap<>();
      Map<String, TreeMap<Long, Boolean>> deleted = new TreeMap<>();
      for (TxnRecord txn : all) {
        if (txn.commitTs != 0) {
          for (Map.Entry<String, String> w : txn.writes.entrySet()) {
            committed.computeIfAbsent(w.getKey(), x -> new TreeMap<>()).put(txn.commitTs, w.getValue());
            deleted.computeIfAbsent(w.getKey(), x -> new TreeMap<>()).put(txn.commitTs, w.getValue() == null);
          }
        }
      }
      for (TxnRecord txn : all) {
        for (String[] read : txn.reads) {
          String expected = latest(committed, read[0], txn.startTs);
          if (!java.util.Objects.equals(expected, read[1])) {
            fail("read anomaly: " + txn + " read " + read[0] + "=" + read[1] + " but latest commit"
                + " at or before " + txn.startTs + " is " + expected);
          }
        }
      }
      List<TxnRecord> winners = all.stream().filter(x -> x.commitTs != 0).toList();
      for (int i = 0; i < winners.size(); i++) {
        for (int j = i + 1; j < winners.size(); j++) {
          TxnRecord a = winners.get(i);
          TxnRecord c = winners.get(j);
          boolean overlap = a.startTs < c.commitTs && c.startTs < a.commitTs;
          if (overlap && !Collections.disjoint(a.writes.keySet(), c.writes.keySet())) {
            fail("lost update: concurrent " + a + " and " + c + " both committed a common key");
          }
        }
      }
      resolveLeftovers();
      long now = nextTs();
      for (int i = 0; i < config.keys(); i++) {
        String k = key(i);
        t.mustGet(k, now, latest(committed, k, now));
      }
      // GC at a random safe point must not change reads at or above it.
      List<Long> points = new ArrayList<>();
      for (TxnRecord txn : all) {
        points.add(txn.startTs);
        if (txn.commitTs != 0) {
          points.add(txn.commitTs);
        }
      }
      Collections.sort(points);
      Random random = new Random(seed);
      long safePoint = points.get(random.nextInt(points.size()));
      t.mustGc(safePoint);
      for (long at : points) {
        if (at < safePoint) {
          continue;
        }
        for (int i = 0; i < config.keys(); i++) {
          String k = key(i);
          KvEntry e = t.reader.get(b(k), at, ReadOptions.DEFAULT);
          String expected = latest(committed, k, at);
          if (e.error() != null || !java.util.Objects.equals(expected, s(e.value()))) {
            fail("after GC at " + safePoint + ": " + k + "@" + at + " = " + e + ", expected "
                + expected);
          }
        }
      }
    }

    static String latest(Map<String, TreeMap<Long, String>> committed, String k, long ts) {
      TreeMap<Long, String> versions = committed.get(k);
      if (versions == null) {
        return null;
      }
      Map.Entry<Long, String> e = versions.floorEntry(ts);
      return e == null ? null : e.getValue();
    }

    /** Resolves every lock left by crashed clients, as a GC safe-point advance would. */
    void resolveLeftovers() {
      for (LockInfo lock : t.store.scanLock(TimeStamps.MAX, null, null, Integer.MAX_VALUE)) {
        Outcome<TxnStatus> o = t.store.checkTxnStatus(lock.primaryLock(), lock.lockVersion(), 0,
            TimeStamps.compose(clock.get() + 1_000_000, 0), true, false);
        if (!o.isOk()) {
          fail("final check_txn_status: " + o.error());
        }
        long commitTs = o.value() instanceof TxnStatus.Committed c ? c.commitTs() : 0;
        if (o.value() instanceof TxnStatus.Uncommitted) {
          fail("lock still alive after every client finished: " + lock);
        }
        Optional<KeyError> e = t.store.resolveLockLite(lock.lockVersion(), commitTs, List.of(lock.key()));
        if (e.isPresent()) {
          fail("final resolve: " + e.get());
        }
      }
      if (!t.store.scanLock(TimeStamps.MAX, null, null, 1).isEmpty()) {
        fail("locks left after resolving");
      }
    }
  }
}
