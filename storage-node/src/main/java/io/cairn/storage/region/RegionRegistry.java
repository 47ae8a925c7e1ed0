package io.cairn.storage.region;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The regions this store holds a peer of, with their leader and term, and the routing check
 * of a request's context against them. Regions added with {@link #add} never overlap; a
 * registry that mirrors Raft replicas ({@link #put}, {@link #putSplit}, {@link #setLeader},
 * {@link #remove}) takes the ranges as the state machines report them.
 *
 * <p>The check ({@link #check}) runs in TiKV's order: store, region, leader, term, epoch
 * version, keys — so a client with a stale epoch learns the new regions before it is told a
 * key is outside the old one. Metadata changes (split, leader transfer) take the write half of
 * a read-write lock; {@link LocalRegionEngine} holds the read half while it checks and applies
 * a write, so a write checked against an epoch is applied before any split of it.
 *
 * <p>Thread-safe.
 */
public final class RegionRegistry {

  /**
   * A region with the peer this store believes leads it (null when no leader is known) and
   * that leader's term.
   */
  public record RegionState(RegionMeta meta, PeerMeta leader, long term) {}

  private final long storeId;
  private final IdAllocator ids;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<Long, RegionState> byId = new HashMap<>();
  private final TreeMap<byte[], Long> byStart = new TreeMap<>(Arrays::compareUnsigned);
  private final List<RegionChangeListener> listeners = new CopyOnWriteArrayList<>();

  /**
   * @param storeId this store's id
   * @param ids allocates ids of regions and peers created by splits
   */
  public RegionRegistry(long storeId, IdAllocator ids) {
    this.storeId = storeId;
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  public long storeId() {
    return storeId;
  }

  public void addListener(RegionChangeListener listener) {
    listeners.add(Objects.requireNonNull(listener));
  }

  /**
   * Adds a region led by this store's peer at term 1.
   *
   * @throws IllegalArgumentException if this store has no peer in it, or it overlaps a region
   */
  public void add(RegionMeta region) {
    PeerMeta mine = region.peerOn(storeId);
    if (mine == null) {
      throw new IllegalArgumentException("store " + storeId + " holds no peer of " + region);
    }
    lock.writeLock().lock();
    try {
      if (byId.containsKey(region.id())) {
        throw new IllegalArgumentException("region " + region.id() + " already present");
      }
      for (RegionState s : byId.values()) {
        if (overlaps(s.meta(), region)) {
          throw new IllegalArgumentException(region + " overlaps " + s.meta());
        }
      }
      put(new RegionState(region, mine, 1));
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The region with this id, or null. */
  public RegionMeta get(long regionId) {
    lock.readLock().lock();
    try {
      RegionState s = byId.get(regionId);
      return s == null ? null : s.meta();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The state of the region with this id, or null. */
  public RegionState state(long regionId) {
    lock.readLock().lock();
    try {
      return byId.get(regionId);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The region containing {@code regionKey}, or null if this store holds none. */
  public RegionMeta regionFor(byte[] regionKey) {
    lock.readLock().lock();
    try {
      Map.Entry<byte[], Long> e = byStart.floorEntry(regionKey);
      if (e == null) {
        return null;
      }
      RegionState s = byId.get(e.getValue());
      return s != null && s.meta().contains(regionKey) ? s.meta() : null;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Every region, in key order. */
  public List<RegionMeta> regions() {
    lock.readLock().lock();
    try {
      return byStart.values().stream().map(id -> byId.get(id).meta()).toList();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Records that {@code leader} now leads the region, at a new term. A leader on another
   * store makes this store answer {@code NotLeader} with that hint.
   */
  public void transferLeader(long regionId, PeerMeta leader) {
    lock.writeLock().lock();
    try {
      RegionState s = byId.get(regionId);
      if (s == null) {
        throw new IllegalArgumentException("no region " + regionId);
      }
      if (!s.meta().peers().contains(leader)) {
        throw new IllegalArgumentException(leader + " is not a peer of " + s.meta());
      }
      byId.put(regionId, new RegionState(s.meta(), leader, s.term() + 1));
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Holds off metadata changes while a checked request is applied; see {@link LocalRegionEngine}. */
  ReentrantReadWriteLock.ReadLock applyLock() {
    return lock.readLock();
  }

  /**
   * Checks {@code ctx} against the regions and returns its region. With {@code checkKeys}
   * false only the route (store, region, leader, term, epoch) is checked.
   *
   * @throws RegionException with the first failed check
   */
  public RegionState check(RequestContext ctx, boolean checkKeys) {
    lock.readLock().lock();
    try {
      return checkLocked(ctx, checkKeys, false);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * As {@link #check}, for a read any replica may serve (a replica or stale read): the leader
   * and the term are not checked; store, region, epoch version and keys are.
   */
  public RegionState checkReplica(RequestContext ctx, boolean checkKeys) {
    lock.readLock().lock();
    try {
      return checkLocked(ctx, checkKeys, false, false);
    } finally {
      lock.readLock().unlock();
    }
  }

  private RegionState checkLocked(RequestContext ctx, boolean checkKeys, boolean checkConfVer) {
    return checkLocked(ctx, checkKeys, checkConfVer, true);
  }

  private RegionState checkLocked(RequestContext ctx, boolean checkKeys, boolean checkConfVer,
      boolean checkLeader) {
    if (ctx.storeId() != 0 && ctx.storeId() != storeId) {
      throw new RegionException(new RegionError.StoreNotMatch(ctx.storeId(), storeId));
    }
    RegionState s = byId.get(ctx.regionId());
    if (s == null) {
      throw new RegionException(new RegionError.RegionNotFound(ctx.regionId()));
    }
    // a replica read is served here whoever leads; the term only guards leader commands
    if (checkLeader && (s.leader() == null || s.leader().storeId() != storeId)) {
      throw new RegionException(new RegionError.NotLeader(ctx.regionId(), s.leader()));
    }
    if (checkLeader && ctx.term() != 0 && ctx.term() < s.term()) {
      throw new RegionException(new RegionError.StaleCommand(ctx.regionId()));
    }
    RegionEpoch current = s.meta().epoch();
    if (ctx.epoch().version() != current.version()
        || (checkConfVer && ctx.epoch().confVer() != current.confVer())) {
      throw new RegionException(
          new RegionError.EpochNotMatch(regionsSince(s.meta(), ctx.epoch().version())));
    }
    if (checkKeys) {
      RegionMeta m = s.meta();
      for (byte[] key : ctx.keys()) {
        byte[] rk = ctx.mode().toRegionKey(key);
        if (!m.contains(rk)) {
          throw new RegionException(
              new RegionError.KeyNotInRegion(key, m.id(), m.startKey(), m.endKey()));
        }
      }
      if (ctx.upperBound() != null && ctx.upperBound().length > 0
          && !m.containsUpperBound(ctx.mode().toRegionKey(ctx.upperBound()))) {
        throw new RegionException(new RegionError.KeyNotInRegion(
            ctx.upperBound(), m.id(), m.startKey(), m.endKey()));
      }
    }
    return s;
  }

  /**
   * The region and its contiguous neighbours whose epoch version is newer than
   * {@code clientVersion}: the pieces of every split the client has not seen.
   */
  private List<RegionMeta> regionsSince(RegionMeta region, long clientVersion) {
    List<RegionMeta> out = new ArrayList<>();
    RegionMeta cur = region;
    while (cur.startKey().length > 0) {
      Map.Entry<byte[], Long> left = byStart.lowerEntry(cur.startKey());
      if (left == null) {
        break;
      }
      RegionMeta l = byId.get(left.getValue()).meta();
      if (!Arrays.equals(l.endKey(), cur.startKey()) || l.epoch().version() <= clientVersion) {
        break;
      }
      out.add(0, l);
      cur = l;
    }
    out.add(region);
    cur = region;
    while (cur.endKey().length > 0) {
      Long right = byStart.get(cur.endKey());
      if (right == null) {
        break;
      }
      RegionMeta r = byId.get(right).meta();
      if (r.epoch().version() <= clientVersion) {
        break;
      }
      out.add(r);
      cur = r;
    }
    return out;
  }

  /** See {@link RegionEngine#split}; here a metadata change only, as every piece stays here. */
  List<RegionMeta> split(RequestContext ctx, List<byte[]> splitKeys) {
    RegionMeta parent;
    List<RegionMeta> pieces;
    lock.writeLock().lock();
    try {
      RegionState s = checkLocked(ctx.withKeys(List.of()), false, true);
      parent = s.meta();
      parent.checkSplitKeys(splitKeys);
      List<RegionMeta.NewRegion> created = new ArrayList<>();
      for (int i = 0; i < splitKeys.size(); i++) {
        long id = ids.allocate();
        if (byId.containsKey(id)) {
          throw new IllegalStateException("id allocator returned region id " + id + " in use");
        }
        List<Long> peerIds = new ArrayList<>();
        for (int j = 0; j < parent.peers().size(); j++) {
          peerIds.add(ids.allocate());
        }
        created.add(new RegionMeta.NewRegion(id, peerIds));
      }
      pieces = parent.split(splitKeys, created);
      byStart.remove(parent.startKey());
      byId.remove(parent.id());
      for (RegionMeta piece : pieces) {
        PeerMeta leader = piece.peerOn(s.leader().storeId());
        put(new RegionState(piece, leader, s.term()));
      }
    } finally {
      lock.writeLock().unlock();
    }
    fireSplit(parent, pieces);
    return List.copyOf(pieces);
  }

  /**
   * Records {@code region} as it is now (new, or with a changed range, epoch or peers), keeping
   * what is known of its leader. For a registry that mirrors regions whose truth lives
   * elsewhere (the Raft state machines); such a mirror does not check for overlaps, since a
   * replica that catches up may briefly hold an older range than a neighbour's newer one.
   */
  public void put(RegionMeta region) {
    lock.writeLock().lock();
    try {
      RegionState old = byId.get(region.id());
      unindex(old);
      PeerMeta leader = old == null || old.leader() == null ? null
          : Objects.requireNonNullElse(region.peerOn(old.leader().storeId()), old.leader());
      put(new RegionState(region, leader, old == null ? 0 : old.term()));
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Mirrors a split applied elsewhere: {@code pieces} (in key order, one of them {@code parent}'s
   * id) replace {@code parent}; the piece keeping the parent's id keeps its leader, the others
   * have none known yet. Listeners hear of it as of a split here.
   */
  public void putSplit(RegionMeta parent, List<RegionMeta> pieces) {
    lock.writeLock().lock();
    try {
      RegionState old = byId.get(parent.id());
      unindex(old);
      for (RegionMeta piece : pieces) {
        RegionState prev = piece.id() == parent.id() ? old : byId.get(piece.id());
        unindex(prev);
        PeerMeta leader = prev == null || prev.leader() == null ? null
            : piece.peerOn(prev.leader().storeId());
        put(new RegionState(piece, leader, prev == null ? 0 : prev.term()));
      }
    } finally {
      lock.writeLock().unlock();
    }
    fireSplit(parent, pieces);
  }

  /** Forgets the region (its replica left this store); a no-op for an unknown id. */
  public void remove(long regionId) {
    lock.writeLock().lock();
    try {
      unindex(byId.remove(regionId));
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Records the leader of a region as Raft reports it: the peer on {@code leaderStoreId} (0:
   * no leader known, and requests get {@code NotLeader} without a hint) at {@code term} (0:
   * unknown, the recorded term goes up by one). A no-op for an unknown region.
   */
  public void setLeader(long regionId, long leaderStoreId, long term) {
    lock.writeLock().lock();
    try {
      RegionState s = byId.get(regionId);
      if (s == null) {
        return;
      }
      PeerMeta leader = null;
      if (leaderStoreId != 0) {
        leader = s.meta().peerOn(leaderStoreId);
        if (leader == null) {
          leader = new PeerMeta(0, leaderStoreId);
        }
      }
      byId.put(regionId, new RegionState(s.meta(), leader, term != 0 ? term : s.term() + 1));
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void fireSplit(RegionMeta parent, List<RegionMeta> pieces) {
    for (RegionChangeListener l : listeners) {
      l.onSplit(parent, pieces);
    }
  }

  private void unindex(RegionState s) {
    if (s != null) {
      Long at = byStart.get(s.meta().startKey());
      if (at != null && at == s.meta().id()) {
        byStart.remove(s.meta().startKey());
      }
    }
  }

  private void put(RegionState s) {
    byId.put(s.meta().id(), s);
    byStart.put(s.meta().startKey(), s.meta().id());
  }

  private static boolean overlaps(RegionMeta a, RegionMeta b) {
    boolean aBeforeB = a.endKey().length > 0 && Arrays.compareUnsigned(a.endKey(), b.startKey()) <= 0;
    boolean bBeforeA = b.endKey().length > 0 && Arrays.compareUnsigned(b.endKey(), a.startKey()) <= 0;
    return !aBeforeB && !bBeforeA;
  }
}
