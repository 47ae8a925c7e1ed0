package io.cairn.storage.raft;

import io.cairn.storage.mvcc.TimeStamps;
import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RegionException;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.txn.ConcurrencyManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.ratis.server.DivisionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store's part in reads served by followers: the leader side of a replica read's ReadIndex,
 * and safe ts for stale reads, both ways.
 *
 * <p><b>Replica read.</b> A follower asks the leader's store ({@link StoreLink#readIndex}) with
 * the read ts; the leader ({@link #serveReadIndex}) checks that it leads the region at the
 * request's epoch, raises its {@link ConcurrencyManager} to the read ts (so a commit ts it
 * picks later is above it, as after a read on the leader), runs Ratis's ReadIndex and answers
 * the index it has applied. The follower serves once it has applied that index.
 *
 * <p><b>Safe ts</b> (TiKV's resolved ts with CheckLeader). Every {@code advanceInterval}, one
 * round ({@link #advanceOnce}): one PD timestamp T for the whole store; max_ts raised to T;
 * for each region led here, the replica's lock counts at its applied index i
 * ({@link RegionLocks}, kept in memory by the state machine) give
 * {@code safe = min(T, smallest lock start_ts - 1)}; a ReadIndex round then confirms the
 * leadership at the same term, and {@code (region, term, i, safe)} goes to every other store of
 * the region, all regions for one store in one call. Why that is safe: a transaction whose
 * lock is applied after i gets its commit ts from PD after that, so above T; a lock applied by
 * i holds safe below its start_ts, hence below its commit ts; the confirmation rules out a
 * newer leader that committed what this one has not seen; and a commit ts a leader picks itself
 * is above its max_ts, which T raised first.
 *
 * <p>Why a store-to-store call and not a Raft no-op entry carrying the safe ts: an entry per
 * region per second would be a disk write and a replication round on every replica even for
 * idle regions, and would grow and compact the log; the call costs one message per store pair
 * per round and nothing on disk, and a safe ts lost with a crash is simply heard again.
 *
 * <p>A follower ({@link #acceptSafeTs}) ignores updates from a term older than its own and
 * keeps them in a {@link SafeTsTable}; a stale read may use one once the replica's applied
 * index reaches the update's index. A follower cut off from the leader hears nothing and its
 * safe ts stays where it was.
 *
 * <p>Thread-safe. {@link #start} schedules the rounds on one daemon thread; {@link #close}
 * stops them. Owns neither the store nor the link.
 */
public final class FollowerReads implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FollowerReads.class);
  private static final long READY_POLL_MS = 2;
  private static final long CLOSE_WAIT_SECONDS = 5;

  /** Counts, for metrics and tests. */
  public record Stats(long replicaReadsServed, long staleReadsServed, long dataNotReady,
      long readIndexServed, long safeTsRounds, long regionsAdvanced, long advanceNanos) {}

  /** What one round did: regions whose safe ts was published, and its wall time. */
  public record Round(int regionsAdvanced, long nanos) {}

  private final RaftStore store;
  private final ConcurrencyManager concurrency;
  private final StoreLink link;
  private final LongSupplier tso;
  private final Duration advanceInterval;
  private final SafeTsTable table = new SafeTsTable();
  private final Map<Long, Long> advertised = new ConcurrentHashMap<>();
  private final AtomicLong replicaReads = new AtomicLong();
  private final AtomicLong staleReads = new AtomicLong();
  private final AtomicLong notReady = new AtomicLong();
  private final AtomicLong readIndexServed = new AtomicLong();
  private final AtomicLong rounds = new AtomicLong();
  private final AtomicLong regionsAdvanced = new AtomicLong();
  private final AtomicLong advanceNanos = new AtomicLong();
  private ScheduledExecutorService timer;

  /**
   * @param concurrency the store's max_ts, shared with its command handlers
   * @param link reaches the other stores
   * @param tso a fresh PD timestamp per call (may block; throws when PD is unreachable)
   * @param advanceInterval the period of safe ts rounds
   */
  public FollowerReads(RaftStore store, ConcurrencyManager concurrency, StoreLink link,
      LongSupplier tso, Duration advanceInterval) {
    if (advanceInterval.isNegative() || advanceInterval.isZero()) {
      throw new IllegalArgumentException("safe ts interval must be positive, not " + advanceInterval);
    }
    this.store = store;
    this.concurrency = concurrency;
    this.link = link;
    this.tso = tso;
    this.advanceInterval = advanceInterval;
  }

  public long storeId() {
    return store.storeId();
  }

  RaftStore store() {
    return store;
  }

  StoreLink link() {
    return link;
  }

  /** Starts the periodic safe ts rounds; once. */
  public synchronized FollowerReads start() {
    if (timer != null) {
      throw new IllegalStateException("already started");
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "safe-ts-" + store.storeId());
      t.setDaemon(true);
      return t;
    });
    long ms = advanceInterval.toMillis();
    timer.scheduleWithFixedDelay(() -> {
      try {
        advanceOnce();
      } catch (RuntimeException e) {
        LOG.warn("store {}: safe ts round failed: {}", store.storeId(), e.toString());
      }
    }, ms, ms, TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * Stops the rounds, letting one in progress finish (up to a few seconds): interrupting it in a
   * PD call would make the node's PD connection drop its leader.
   */
  @Override
  public synchronized void close() {
    if (timer == null) {
      return;
    }
    timer.shutdown();
    try {
      if (!timer.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        timer.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      timer.shutdownNow();
    }
  }

  /**
   * The leader side of a replica read: see the class comment. Blocks for the ReadIndex round.
   *
   * @throws RegionException NotLeader (with the hint) when this store does not lead the region,
   *     EpochNotMatch when its version differs, RegionNotFound, ServerIsBusy when the group
   *     cannot confirm its leadership in time
   */
  public long serveReadIndex(long regionId, RegionEpoch epoch, long readTs) {
    RatisRegionPeer peer = store.peer(regionId);
    awaitReadyLeader(peer);
    RegionMeta meta = peer.meta();
    if (meta.epoch().version() != epoch.version()) {
      throw RaftErrors.epochNotMatch(meta);
    }
    if (readTs > 0 && readTs != TimeStamps.MAX) {
      concurrency.observe(readTs);
      // A one-phase commit that picked its ts before the raise, at or below readTs, must be in
      // the read index: wait until it is applied (its memory locks may lie anywhere in the
      // store, the request carries no keys, and they are held for one apply at most).
      concurrency.awaitRange(readTs, null, null);
    }
    long index = join(peer.readIndex());
    readIndexServed.incrementAndGet();
    return index;
  }

  /** The follower side of the safe ts delivery: see the class comment. */
  public void acceptSafeTs(long fromStoreId, List<SafeTsUpdate> updates) {
    for (SafeTsUpdate u : updates) {
      if (!store.hosts(u.regionId())) {
        continue;
      }
      long term;
      try {
        term = store.peer(u.regionId()).division().getInfo().getCurrentTerm();
      } catch (RegionException e) {
        continue;
      }
      if (term > u.term()) {
        LOG.debug("store {}: region {} safe ts from store {} at term {} ignored, term here {}",
            store.storeId(), u.regionId(), fromStoreId, u.term(), term);
        continue;
      }
      table.offer(u);
    }
  }

  /**
   * The safe ts a stale read of the region may use here now (0 when none): on the leader, the
   * last one it advertised; on a follower, the largest heard whose index it has applied.
   *
   * @throws RegionException RegionNotFound when this store has no replica of the region
   */
  public long safeTs(long regionId) {
    RatisRegionPeer peer = store.peer(regionId);
    if (peer.isLeader()) {
      return advertised.getOrDefault(regionId, 0L);
    }
    return table.usable(regionId, peer.stateMachine().appliedIndex());
  }

  /** The last safe ts this store heard for the region from its leader, usable yet or not; 0 for none. */
  public long heardSafeTs(long regionId) {
    return table.latest(regionId);
  }

  /** As {@link #safeTs}, for a follower replica whose applied index is {@code appliedIndex}. */
  long usableSafeTs(long regionId, long appliedIndex) {
    return table.usable(regionId, appliedIndex);
  }

  public Stats stats() {
    return new Stats(replicaReads.get(), staleReads.get(), notReady.get(), readIndexServed.get(),
        rounds.get(), regionsAdvanced.get(), advanceNanos.get());
  }

  void countReplicaRead() {
    replicaReads.incrementAndGet();
  }

  void countStaleRead() {
    staleReads.incrementAndGet();
  }

  void countNotReady() {
    notReady.incrementAndGet();
  }

  /**
   * One safe ts round over the regions led here (see the class comment); returns once the
   * updates are handed to the link. A PD failure skips the round.
   */
  public Round advanceOnce() {
    long started = System.nanoTime();
    long t = tso.getAsLong();
    concurrency.observe(t);
    // one-phase commits that picked a ts at or below t before the raise are applied before any
    // applied index below is read, so the safe ts covers them
    concurrency.awaitRange(t, null, null);
    record Candidate(RatisRegionPeer peer, long term, SafeTsUpdate update, List<PeerMeta> peers,
        CompletableFuture<Long> confirmed) {}
    List<Candidate> candidates = new ArrayList<>();
    for (long regionId : store.regionIds()) {
      RatisRegionPeer peer;
      DivisionInfo info;
      RegionMeta meta;
      try {
        peer = store.peer(regionId);
        info = peer.division().getInfo();
        meta = peer.stateMachine().meta();
      } catch (RegionException e) {
        continue;
      }
      if (!info.isLeader() || !info.isLeaderReady() || meta == null) {
        continue;
      }
      long term = info.getCurrentTerm();
      RegionLocks.Resolved r = peer.stateMachine().resolvedLocks();
      long safe = r.minStartTs() == Long.MAX_VALUE ? t : Math.max(0, Math.min(t, r.minStartTs() - 1));
      candidates.add(new Candidate(peer, term, new SafeTsUpdate(regionId, term, r.appliedIndex(), safe),
          meta.peers(), peer.readIndex()));
    }
    Map<Long, List<SafeTsUpdate>> byStore = new HashMap<>();
    int advanced = 0;
    for (Candidate c : candidates) {
      try {
        c.confirmed().join();
        DivisionInfo after = c.peer().division().getInfo();
        if (!after.isLeader() || after.getCurrentTerm() != c.term()) {
          continue;
        }
      } catch (RuntimeException e) {
        // no quorum confirmed this leader: nothing is advertised for the region this round
        continue;
      }
      advertised.merge(c.update().regionId(), c.update().safeTs(), Math::max);
      advanced++;
      for (PeerMeta p : c.peers()) {
        if (p.storeId() != store.storeId()) {
          byStore.computeIfAbsent(p.storeId(), s -> new ArrayList<>()).add(c.update());
        }
      }
    }
    for (Map.Entry<Long, List<SafeTsUpdate>> e : byStore.entrySet()) {
      long target = e.getKey();
      try {
        link.pushSafeTs(target, store.storeId(), e.getValue()).exceptionally(err -> {
          LOG.debug("store {}: safe ts to store {} not delivered: {}", store.storeId(), target, err.toString());
          return null;
        });
      } catch (RuntimeException err) {
        LOG.debug("store {}: safe ts to store {} not sent: {}", store.storeId(), target, err.toString());
      }
    }
    long nanos = System.nanoTime() - started;
    rounds.incrementAndGet();
    regionsAdvanced.addAndGet(advanced);
    advanceNanos.addAndGet(nanos);
    return new Round(advanced, nanos);
  }

  /** Waits (up to the read timeout) for a just-elected leader to commit its first entry. */
  private void awaitReadyLeader(RatisRegionPeer peer) {
    long deadline = System.nanoTime() + store.config().readTimeout().toNanos();
    while (true) {
      DivisionInfo info = peer.division().getInfo();
      if (!info.isLeader()) {
        throw RaftErrors.notLeader(peer.regionId(), peer.meta(), peer.leaderStoreId());
      }
      if (info.isLeaderReady()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw RaftErrors.unavailable(peer.regionId(), "the new leader did not become ready in time", null);
      }
      try {
        Thread.sleep(READY_POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a Raft group", e);
      }
    }
  }

  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }
}
