package io.cairn.storage.raft;

import io.cairn.storage.engine.EngineSnapshot;
import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.engine.WriteBatch;
import io.cairn.storage.region.BoundedRegionSnapshot;
import io.cairn.storage.region.IdAllocator;
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
 *       between is not missed.</li>
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

  private final RaftStore store;
  private final KvEngine engine;
  private final RegionRegistry registry;
  private final IdAllocator ids;

  /**
   * @param registry mirrors {@code store}'s replicas (the store was opened with a
   *     {@link RegistryMirror} over it)
   * @param ids allocates the ids of regions and peers splits create (PD's AllocID)
   */
  public RaftRegionEngine(RaftStore store, KvEngine engine, RegionRegistry registry, IdAllocator ids) {
    if (registry.storeId() != store.storeId()) {
      throw new IllegalArgumentException("registry of store " + registry.storeId() + " for Raft store " + store.storeId());
    }
    this.store = store;
    this.engine = engine;
    this.registry = registry;
    this.ids = ids;
  }

  public RaftStore raftStore() {
    return store;
  }

  @Override
  public RegionSnapshot snapshot(RequestContext ctx) {
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
