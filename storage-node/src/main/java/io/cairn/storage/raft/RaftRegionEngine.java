package io.cairn.storage.raft;

import io.cairn.storage.engine.EngineSnapshot;
import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.engine.WriteBatch;
import io.cairn.storage.region.BoundedRegionSnapshot;
import io.cairn.storage.region.IdAllocator;
import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.ReadKind;
import io.cairn.storage.region.RegionEngine;
import io.cairn.storage.region.RegionError;
import io.cairn.storage.region.RegionException;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.region.RegionRegistry;
import io.cairn.storage.region.RegionRegistry.RegionState;
import io.cairn.storage.region.RegionSnapshot;
import io.cairn.storage.region.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.ratis.server.DivisionInfo;

/**
 * A {@link RegionEngine} whose regions are Raft groups of one {@link RaftStore}, all applying
 * into one engine. The {@link RegionRegistry} it routes by mirrors the replicas
 * ({@link RegistryMirror}, which the store must have been opened with).
 *
 * <ul>
 *   <li>{@link #write}: the route is checked against the mirror (store, region, leader, term,
 *       epoch, keys), then the batch goes through the region's log as one command carrying the
 *       request's epoch; the call returns once the command is applied here. Every replica
 *       checks the epoch version again when it applies the entry, so a batch built before a
 *       split writes nothing and its proposer gets {@code EpochNotMatch}. A follower answers
 *       {@code NotLeader} with Raft's leader hint; a proposal whose fate is unknown (leadership
 *       lost, no outcome in time) answers {@code StaleCommand}.</li>
 *   <li>{@link #snapshot}: only on the leader, after a read barrier (the leader lease, or a
 *       ReadIndex round when the lease has lapsed), so it reflects every acknowledged write.
 *       The route is checked again after the engine snapshot is taken, so a split applied in
 *       between is not missed. With {@link FollowerReads} a follower also serves reads whose
 *       context allows it: a {@link ReadKind#REPLICA} read after the leader's store answered
 *       its read index (raising its max_ts with the read ts) and this replica applied it, up to
 *       the read timeout or the call's deadline; a leader that cannot be reached or no longer
 *       leads makes it {@code NotLeader} with the hint. A {@link ReadKind#STALE} read at or
 *       below the replica's usable safe ts is served from what is applied here, without the
 *       leader; above it the answer is {@code DataIsNotReady}. The leader serves both kinds
 *       as plain reads.</li>
 *   <li>{@link #split}: one Raft command of the region (right-derive, ids from the allocator,
 *       which every replica applies; each store starts the new groups). It returns once the
 *       new groups run here and have a leader, or the request timeout has passed.</li>
 * </ul>
 *
 * <p>A leader that has just been elected cannot serve until its first entry commits; requests
 * in that window wait for it, up to the store's read timeout, instead of being sent away.
 *
 * <p>Thread-safe. Owns neither the store nor the engine.
 */
public final class RaftRegionEngine implements RegionEngine {
  private static final long READY_POLL_MS = 2;
  private static final long APPLY_POLL_NANOS = 100_000;

  private final RaftStore store;
  private final KvEngine engine;
  private final RegionRegistry registry;
  private final IdAllocator ids;
  private final FollowerReads followerReads;

  /** Without follower reads: followers answer every read with {@code NotLeader}. */
  public RaftRegionEngine(RaftStore store, KvEngine engine, RegionRegistry registry, IdAllocator ids) {
    this(store, engine, registry, ids, null);
  }

  /**
   * @param registry mirrors {@code store}'s replicas (the store was opened with a
   *     {@link RegistryMirror} over it)
   * @param ids allocates the ids of regions and peers splits create (PD's AllocID)
   * @param followerReads lets followers serve replica and stale reads; null: they do not
   */
  public RaftRegionEngine(RaftStore store, KvEngine engine, RegionRegistry registry, IdAllocator ids,
      FollowerReads followerReads) {
    if (followerReads != null && followerReads.store() != store) {
      throw new IllegalArgumentException("follower reads of store " + followerReads.storeId()
          + " for Raft store " + store.storeId());
    }
    if (registry.storeId() != store.storeId()) {
      throw new IllegalArgumentException("registry of store " + registry.storeId() + " for Raft store " + store.storeId());
    }
    this.store = store;
    this.engine = engine;
    this.registry = registry;
    this.ids = ids;
    this.followerReads = followerReads;
  }

  public RaftStore raftStore() {
    return store;
  }

  @Override
  public RegionSnapshot snapshot(RequestContext ctx) {
    if (ctx.read() == ReadKind.LEADER || followerReads == null) {
      return leaderSnapshot(ctx);
    }
    RegionState s = registry.checkReplica(ctx, true);
    RatisRegionPeer peer = store.peer(s.meta().id());
    if (peer.division().getInfo().isLeader()) {
      return leaderSnapshot(ctx);
    }
    RegionStateMachine sm = peer.stateMachine();
    if (sm.installPending()) {
      throw RaftErrors.notLeader(s.meta().id(), s.meta(), peer.leaderStoreId());
    }
    if (ctx.read() == ReadKind.STALE) {
      long safe = followerReads.usableSafeTs(s.meta().id(), sm.appliedIndex());
      if (Long.compareUnsigned(ctx.readTs(), safe) > 0) {
        followerReads.countNotReady();
        PeerMeta self = s.meta().peerOn(store.storeId());
        throw new RegionException(new RegionError.DataIsNotReady(s.meta().id(),
            self == null ? 0 : self.id(), safe),
            "region " + s.meta().id() + ": stale read at " + ctx.readTs() + " above safe ts " + safe, null);
      }
      RegionSnapshot snap = replicaSnapshot(ctx);
      followerReads.countStaleRead();
      return snap;
    }
    awaitApplied(sm, leaderReadIndex(ctx, s, peer), s.meta());
    RegionSnapshot snap = replicaSnapshot(ctx);
    followerReads.countReplicaRead();
    return snap;
  }

  /** The read index of the region's leader store for a replica read, as the class comment says. */
  private long leaderReadIndex(RequestContext ctx, RegionState s, RatisRegionPeer peer) {
    long regionId = s.meta().id();
    long leader = peer.leaderStoreId();
    if (leader == 0 && s.leader() != null) {
      leader = s.leader().storeId();
    }
    if (leader == 0 || leader == store.storeId()) {
      throw RaftErrors.notLeader(regionId, s.meta(), 0);
    }
    try {
      return followerReads.link().readIndex(leader, regionId, ctx.epoch(), ctx.readTs())
          .get(remainingNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RegionException re && re.error() instanceof RegionError.NotLeader) {
        throw re;
      }
      // the leader moved, refused the epoch or could not be reached: the client asks it directly
      throw RaftErrors.notLeader(regionId, s.meta(), leader);
    } catch (TimeoutException e) {
      throw RaftErrors.notLeader(regionId, s.meta(), leader);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking for a read index", e);
    }
  }

  /** Waits until this replica has applied {@code index}, within the read's time. */
  private void awaitApplied(RegionStateMachine sm, long index, RegionMeta meta) {
    long deadline = System.nanoTime() + remainingNanos();
    while (sm.appliedIndex() < index) {
      if (System.nanoTime() > deadline) {
        throw RaftErrors.unavailable(meta.id(), "replica did not apply read index " + index + " in time", null);
      }
      LockSupport.parkNanos(APPLY_POLL_NANOS);
    }
  }

  /** The read timeout, cut at the deadline of the gRPC call being served, if any. */
  private long remainingNanos() {
    long budget = store.config().readTimeout().toNanos();
    io.grpc.Deadline d = io.grpc.Context.current().getDeadline();
    if (d != null) {
      budget = Math.min(budget, Math.max(0, d.timeRemaining(TimeUnit.NANOSECONDS)));
    }
    return budget;
  }

  /** A snapshot of what this replica applied, the route checked again after it is taken. */
  private RegionSnapshot replicaSnapshot(RequestContext ctx) {
    EngineSnapshot snap = engine.snapshot();
    try {
      return new BoundedRegionSnapshot(snap, registry.checkReplica(ctx, true).meta());
    } catch (RuntimeException e) {
      snap.close();
      throw e;
    }
  }

  private RegionSnapshot leaderSnapshot(RequestContext ctx) {
    RegionState s = registry.check(ctx, true);
    RatisRegionPeer peer = readyLeader(s);
    await(peer.readIndex());
    EngineSnapshot snap = engine.snapshot();
    try {
      return new BoundedRegionSnapshot(snap, registry.check(ctx, true).meta());
    } catch (RuntimeException e) {
      snap.close();
      throw e;
    }
  }

  @Override
  public WriteBatch newWriteBatch() {
    return new CommandBatch();
  }

  @Override
  public void write(RequestContext ctx, WriteBatch batch) {
    if (!(batch instanceof CommandBatch commands)) {
      throw new IllegalArgumentException("a Raft region engine writes only its own batches, not " + batch.getClass().getName());
    }
    RegionState s = registry.check(ctx, true);
    if (commands.isEmpty()) {
      return;
    }
    RatisRegionPeer peer = readyLeader(s);
    try {
      await(peer.propose(commands.toCommand(ctx.epoch())));
    } catch (RegionException e) {
      throw withCurrentRegions(ctx, e);
    }
  }

  @Override
  public List<RegionMeta> split(RequestContext ctx, List<byte[]> splitKeys) {
    RegionState s = registry.check(ctx.withKeys(List.of()), false);
    if (!s.meta().epoch().equals(ctx.epoch())) {
      throw RaftErrors.epochNotMatch(s.meta());
    }
    s.meta().checkSplitKeys(splitKeys);
    RatisRegionPeer peer = readyLeader(s);
    // before ids are allocated for regions that would not be created (checked again at proposal)
    peer.requireSettledMembership(s.meta());
    List<RegionMeta.NewRegion> created = new ArrayList<>(splitKeys.size());
    for (int i = 0; i < splitKeys.size(); i++) {
      long regionId = ids.allocate();
      List<Long> peerIds = new ArrayList<>(s.meta().peers().size());
      for (int j = 0; j < s.meta().peers().size(); j++) {
        peerIds.add(ids.allocate());
      }
      created.add(new RegionMeta.NewRegion(regionId, peerIds));
    }
    List<RegionMeta> pieces;
    try {
      pieces = await(peer.split(ctx.epoch(), splitKeys, created));
    } catch (RegionException e) {
      throw withCurrentRegions(ctx.withKeys(List.of()), e);
    }
    awaitChildren(pieces, s.meta().id());
    return pieces;
  }

  /** The leader replica of {@code s}'s region here, once it may serve. */
  private RatisRegionPeer readyLeader(RegionState s) {
    long regionId = s.meta().id();
    RatisRegionPeer peer = store.peer(regionId);
    long deadline = System.nanoTime() + store.config().readTimeout().toNanos();
    while (true) {
      DivisionInfo info = peer.division().getInfo();
      if (!info.isLeader()) {
        throw RaftErrors.notLeader(regionId, s.meta(), peer.leaderStoreId());
      }
      if (info.isLeaderReady()) {
        return peer;
      }
      if (System.nanoTime() > deadline) {
        throw RaftErrors.unavailable(regionId, "the new leader did not become ready in time", null);
      }
      sleep(READY_POLL_MS);
    }
  }

  /**
   * Waits until the new regions of a split run here and, as far as this store can tell within
   * the request timeout, have a leader; clients meeting a region without one back off.
   */
  private void awaitChildren(List<RegionMeta> pieces, long parentId) {
    long deadline = System.nanoTime() + store.config().requestTimeout().toNanos();
    for (RegionMeta piece : pieces) {
      if (piece.id() == parentId) {
        continue;
      }
      while (System.nanoTime() < deadline) {
        RegionState st = registry.state(piece.id());
        if (store.hosts(piece.id()) && st != null && st.leader() != null) {
          break;
        }
        sleep(5);
      }
    }
  }

  /** An {@code EpochNotMatch} from the log names only this region; the mirror knows its neighbours too. */
  private RegionException withCurrentRegions(RequestContext ctx, RegionException e) {
    if (e.error() instanceof RegionError.EpochNotMatch) {
      try {
        registry.check(ctx, false);
      } catch (RegionException fresher) {
        if (fresher.error() instanceof RegionError.EpochNotMatch) {
          return fresher;
        }
      }
    }
    return e;
  }

  private static <T> T await(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a Raft group", e);
    }
  }
}
