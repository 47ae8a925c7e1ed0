package io.cairn.tikv.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvException;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import io.cairn.kv.Snapshot;
import io.cairn.kv.Storage;
import io.cairn.kv.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bank transfers between a fixed set of accounts ({@code acct/NN}), run by several threads
 * against a {@link Storage}, recording what each commit answered. Every transfer writes, in the
 * same transaction as the two balances, a marker {@code xfer/<id>} naming its accounts and
 * amount, so the committed set can be read back and checked against the balances: a transfer
 * is either wholly visible or not at all.
 *
 * <p>{@link #verify} checks, in one snapshot: every acknowledged transfer's marker is there (no
 * acknowledged write lost); every marker belongs to a transfer that was acknowledged or whose
 * outcome the driver called undetermined (none that the driver said failed); the balances are
 * exactly the initial ones moved by the markers' transfers (no partial transaction); the total
 * is the initial total and no balance is negative.
 *
 * <p>The seed fixes each thread's choice of accounts and amounts and appears in every failure
 * message; the interleaving is the scheduler's. Thread-safe: the workers and the test thread
 * share only concurrent collections.
 */
final class BankWorkload {

  static final int INITIAL_BALANCE = 1_000;

  /** One transfer the driver acknowledged: began and acknowledged at these nanoTimes. */
  record Ack(String id, long beganNanos, long ackNanos) {}

  private final Storage storage;
  private final int accounts;
  private final int threads;
  private final long seed;
  private final AtomicBoolean running = new AtomicBoolean();
  private final List<Thread> workers = new ArrayList<>();
  private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
  private final Set<String> undetermined = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
  private int round;

  BankWorkload(Storage storage, int accounts, int threads, long seed) {
    this.storage = storage;
    this.accounts = accounts;
    this.threads = threads;
    this.seed = seed;
  }

  long seed() {
    return seed;
  }

  int total() {
    return accounts * INITIAL_BALANCE;
  }

  static Key account(int i) {
    return Key.utf8(String.format("acct/%03d", i));
  }

  /** Writes the initial balances in one transaction. */
  void createAccounts() {
    try (Transaction t = storage.begin()) {
      for (int i = 0; i < accounts; i++) {
        t.set(account(i), bytes(Integer.toString(INITIAL_BALANCE)));
      }
      t.commit();
    }
  }

  /** Starts the worker threads; they run until {@link #stop}. */
  void start() {
    if (!running.compareAndSet(false, true)) {
      throw new IllegalStateException("already running");
    }
    round++;
    workers.clear();
    for (int th = 0; th < threads; th++) {
      String prefix = "r" + round + "t" + th + "-";
      Random rnd = new Random(seed * 31 + round * 1009L + th);
      Thread w = new Thread(() -> work(prefix, rnd), "bank-" + prefix);
      w.setDaemon(true);
      workers.add(w);
      w.start();
    }
  }

  /** Stops the workers and waits for them (each finishes its current transfer). */
  void stop() throws InterruptedException {
    running.set(false);
    for (Thread w : workers) {
      w.join(120_000);
      if (w.isAlive()) {
        throw new AssertionError("seed " + seed + ": worker " + w.getName()
            + " still running 120 s after stop");
      }
    }
  }

  private void work(String prefix, Random rnd) {
    for (int n = 0; running.get(); n++) {
      String id = prefix + n;
      int from = rnd.nextInt(accounts);
      int to = (from + 1 + rnd.nextInt(accounts - 1)) % accounts;
      int want = 1 + rnd.nextInt(100);
      long began = System.nanoTime();
      try (Transaction t = storage.begin()) {
        Map<Key, byte[]> cur = t.batchGet(List.of(account(from), account(to)));
        int fromBalance = Integer.parseInt(string(cur.get(account(from))));
        int toBalance = Integer.parseInt(string(cur.get(account(to))));
        int amount = Math.min(want, fromBalance);
        t.set(account(from), bytes(Integer.toString(fromBalance - amount)));
        t.set(account(to), bytes(Integer.toString(toBalance + amount)));
        t.set(Key.utf8("xfer/" + id), bytes(from + "," + to + "," + amount));
        try {
          t.commit();
          acks.add(new Ack(id, began, System.nanoTime()));
        } catch (KvException e) {
          if (e.undetermined()) {
            undetermined.add(id);
          }
          throw e;
        } catch (RuntimeException e) {
          // not translated at the driver boundary: its outcome cannot be told
          undetermined.add(id);
          throw e;
        }
      } catch (KvException e) {
        errors.computeIfAbsent(e.getClass().getSimpleName() + (e.retryable() ? "" : "(final)"),
            k -> new AtomicInteger()).incrementAndGet();
        pause(50);
      } catch (RuntimeException e) {
        unexpected.add(e);
        pause(50);
      }
    }
  }

  List<Ack> acks() {
    return List.copyOf(acks);
  }

  /** Error counts by exception class ({@code (final)} when not retryable). */
  Map<String, Integer> errors() {
    Map<String, Integer> out = new TreeMap<>();
    errors.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Exceptions other than the driver's KvException: the driver let one escape untranslated. */
  List<Throwable> unexpected() {
    return List.copyOf(unexpected);
  }

  /**
   * The earliest acknowledgement of a transfer that began at or after {@code nanos}, as a
   * nanoTime; empty when none did.
   */
  OptionalLong firstAckOfTransferBegunAfter(long nanos) {
    return acks.stream().filter(a -> a.beganNanos() >= nanos).mapToLong(Ack::ackNanos).min();
  }

  /** Verifies the invariants of the class comment against a fresh snapshot of {@code s}. */
  Result verify(Storage s) {
    Snapshot snap = s.snapshot(s.currentTimestamp());
    Map<Integer, Integer> balances = new HashMap<>();
    try (KvIterator<KvPair> it = snap.iterate(KeyRange.prefix(Key.utf8("acct/")))) {
      while (it.hasNext()) {
        KvPair p = it.next();
        String k = string(p.key().toByteArray());
        balances.put(Integer.parseInt(k.substring("acct/".length())),
            Integer.parseInt(string(p.value())));
      }
    }
    assertThat(balances).as("seed %d: accounts", seed).hasSize(accounts);
    int[] expected = new int[accounts];
    java.util.Arrays.fill(expected, INITIAL_BALANCE);
    Set<String> committed = new HashSet<>();
    try (KvIterator<KvPair> it = snap.iterate(KeyRange.prefix(Key.utf8("xfer/")))) {
      while (it.hasNext()) {
        KvPair p = it.next();
        committed.add(string(p.key().toByteArray()).substring("xfer/".length()));
        String[] f = string(p.value()).split(",");
        expected[Integer.parseInt(f[0])] -= Integer.parseInt(f[2]);
        expected[Integer.parseInt(f[1])] += Integer.parseInt(f[2]);
      }
    }
    Set<String> acked = new HashSet<>();
    acks.forEach(a -> acked.add(a.id()));
    Set<String> lost = new HashSet<>(acked);
    lost.removeAll(committed);
    assertThat(lost).as("seed %d: acknowledged transfers missing", seed).isEmpty();
    Set<String> phantom = new HashSet<>(committed);
    phantom.removeAll(acked);
    phantom.removeAll(undetermined);
    assertThat(phantom).as("seed %d: transfers committed although the driver said they failed",
        seed).isEmpty();
    int total = 0;
    for (int i = 0; i < accounts; i++) {
      assertThat(balances.get(i)).as("seed %d: balance of account %d against the committed"
          + " transfers (a partial transaction shows here)", seed, i).isEqualTo(expected[i]);
      assertThat(balances.get(i)).as("seed %d: balance %d", seed, i).isNotNegative();
      total += balances.get(i);
    }
    assertThat(total).as("seed %d: total", seed).isEqualTo(total());
    return new Result(acked.size(), committed.size(), undetermined.size());
  }

  /** What {@link #verify} counted. */
  record Result(int acknowledged, int committed, int undetermined) {}

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String string(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
