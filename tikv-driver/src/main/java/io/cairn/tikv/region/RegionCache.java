package io.cairn.tikv.region;

import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.Store;
import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.pd.PdClient;
import io.cairn.tikv.pd.PdException;
import io.cairn.tikv.pd.PdRegion;
import io.cairn.tikv.retry.BackoffKind;
import io.cairn.tikv.retry.Backoffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Key → region routing, after client-go's {@code internal/locate} region cache.
 *
 * <p>Readers binary-search an immutable array of regions sorted by start key, published
 * through an {@link AtomicReference}; they never lock. Writers (loads from PD, leader switches,
 * invalidations, epoch updates) serialize on one lock, copy the array, and swap it in: lookups
 * dominate, and a region array of 10,000 entries copies in microseconds. Entries never overlap:
 * inserting a region removes every entry its range touches, unless one of them has a newer
 * epoch (then the inserted region is stale and ignored).
 *
 * <p>Every entry expires {@code region-cache-ttl} plus a random jitter after it was loaded, so
 * that regions loaded together are not reloaded together. An expired entry counts as a miss
 * and is reloaded from PD.
 *
 * <p>Lookups that go to PD retry under the caller's {@link Backoffer}: {@code PD_RPC} when PD
 * fails, {@code REGION_MISS} when PD knows no region for the key. The id index is updated under
 * the same lock as the array, after it, so a by-id lookup may briefly see an entry the array has
 * already replaced; the sender detects that through the epoch in the node's answer. Thread-safe.
 */
public final class RegionCache {

  private final PdClient pd;
  private final StoreHealth health;
  private final LongSupplier nanoClock;
  private final RandomGenerator random;
  private final long ttlNanos;
  private final long jitterNanos;
  private final RegionCacheMetrics metrics = new RegionCacheMetrics();
  private final AtomicReference<CachedRegion[]> sorted = new AtomicReference<>(new CachedRegion[0]);
  private final ConcurrentHashMap<Long, CachedRegion> byId = new ConcurrentHashMap<>();
  private final AtomicInteger roundRobin = new AtomicInteger();
  private final Object writeLock = new Object();
  private final Map<String, String> localLabels;

  public RegionCache(PdClient pd, TikvClientConfig config, StoreHealth health, LongSupplier nanoClock, RandomGenerator random) {
    this.pd = pd;
    this.health = health;
    this.nanoClock = nanoClock;
    this.random = random;
    this.ttlNanos = config.regionCacheTtl().toNanos();
    this.jitterNanos = config.regionCacheTtlJitter().toNanos();
    this.localLabels = config.localLabels();
  }

  /** A replica selector for one request to {@code region}. */
  public ReplicaSelector selector(CachedRegion region, Access access, io.cairn.tikv.config.ReplicaReadMode mode, boolean staleRead) {
    return new ReplicaSelector(this, region, access, mode, staleRead, localLabels);
  }

  public RegionCacheMetrics metrics() {
    return metrics;
  }

  public StoreHealth health() {
    return health;
  }

  /** The cached regions in key order (expired ones included), as one consistent snapshot. */
  public List<CachedRegion> snapshot() {
    return List.of(sorted.get());
  }

  /** Number of cached regions. */
  public int size() {
    return sorted.get().length;
  }

  /** The region containing {@code key}, from the cache or else from PD. */
  public CachedRegion locateKey(byte[] key, Backoffer bo) {
    CachedRegion r = lookup(key, true);
    if (r != null) {
      metrics.hits.increment();
      return r;
    }
    metrics.misses.increment();
    while (true) {
      PdRegion loaded;
      try {
        loaded = pd.getRegion(key).orElse(null);
      } catch (PdException e) {
        if (!e.retryable()) {
          throw e;
        }
        bo.backoff(BackoffKind.PD_RPC, e);
        continue;
      }
      if (loaded != null) {
        CachedRegion fresh = newEntry(loaded.meta(), loaded.leader());
        if (fresh.contains(key)) {
          metrics.pdLoads.increment();
          if (insert(fresh)) {
            return fresh;
          }
          // The cache already knows a newer epoch than PD (PD hears of splits late): keep using it.
          CachedRegion newer = lookup(key, false);
          return newer != null ? newer : fresh;
        }
      }
      bo.backoff(BackoffKind.REGION_MISS, new RegionUnavailableException("PD knows no region for key " + KeyRange.hex(key)));
    }
  }

  /** The cached region containing {@code key} (only if unexpired when {@code fresh}), or null. */
  private CachedRegion lookup(byte[] key, boolean fresh) {
    CachedRegion[] arr = sorted.get();
    int i = floor(arr, key);
    if (i < 0) {
      return null;
    }
    CachedRegion r = arr[i];
    if (!r.contains(key) || (fresh && nanoClock.getAsLong() - r.expiresAtNanos() >= 0)) {
      return null;
    }
    return r;
  }

  /**
   * The region with this id: the cached entry when unexpired, else PD's. Empty when PD does not
   * know the id (merged away).
   */
  public Optional<CachedRegion> locateRegionById(long regionId, Backoffer bo) {
    CachedRegion r = byId.get(regionId);
    if (r != null && nanoClock.getAsLong() - r.expiresAtNanos() < 0) {
      metrics.hits.increment();
      return Optional.of(r);
    }
    metrics.misses.increment();
    while (true) {
      try {
        Optional<PdRegion> loaded = pd.getRegionById(regionId);
        if (loaded.isEmpty()) {
          return Optional.empty();
        }
        metrics.pdLoads.increment();
        CachedRegion fresh = newEntry(loaded.get().meta(), loaded.get().leader());
        if (insert(fresh)) {
          return Optional.of(fresh);
        }
        CachedRegion newer = byId.get(regionId);
        return Optional.of(newer != null ? newer : fresh);
      } catch (PdException e) {
        if (!e.retryable()) {
          throw e;
        }
        bo.backoff(BackoffKind.PD_RPC, e);
      }
    }
  }

  /** The cached entry of a region id, expired or not; empty if not cached. */
  public Optional<CachedRegion> cached(long regionId) {
    return Optional.ofNullable(byId.get(regionId));
  }

  /**
   * Drops the region if the cache still holds it at {@code ver}'s epoch; a newer entry stays.
   */
  public void invalidate(RegionVerId ver, InvalidReason reason) {
    synchronized (writeLock) {
      CachedRegion current = byId.get(ver.id());
      if (current == null || !current.verId().equals(ver)) {
        return;
      }
      remove(current);
      metrics.invalidated(reason);
    }
  }

  /**
   * A node said the region's leader is {@code hint}. Switches the cached leader and returns
   * true; when the hint names a peer the cached region lacks, the region's membership changed:
   * the entry is dropped and false returned.
   */
  public boolean switchLeader(RegionVerId ver, Peer hint) {
    synchronized (writeLock) {
      CachedRegion current = byId.get(ver.id());
      if (current == null || !current.verId().equals(ver)) {
        return current != null;
      }
      Peer peer = current.peerOnStore(hint.getStoreId());
      if (peer == null || (hint.getId() != 0 && peer.getId() != hint.getId())) {
        remove(current);
        metrics.invalidated(InvalidReason.NO_LEADER_PEER);
        return false;
      }
      if (!peer.equals(current.leader())) {
        replace(current, current.withLeader(peer));
        metrics.invalidated(InvalidReason.NOT_LEADER);
      }
      return true;
    }
  }

  /**
   * A node answered EpochNotMatch for {@code ver} with the regions now covering its range, as
   * the node keeps them (translated to the cache's key space by {@link
   * PdClient#fromNodeRegions}). They replace the cached entries (keeping the old leader's store
   * when the new region has a peer there); without regions the entry is simply dropped.
   *
   * @throws PdException (not retryable) when a region's boundaries cannot be translated
   */
  public void onEpochNotMatch(RegionVerId ver, List<Region> nodeRegions) {
    List<Region> currentRegions = pd.fromNodeRegions(nodeRegions);
    synchronized (writeLock) {
      CachedRegion old = byId.get(ver.id());
      if (old != null && old.verId().equals(ver)) {
        remove(old);
      }
      metrics.invalidated(InvalidReason.EPOCH_NOT_MATCH);
      for (Region meta : currentRegions) {
        Peer leaderHint = null;
        if (old != null && old.leader() != null) {
          for (Peer p : meta.getPeersList()) {
            if (p.getStoreId() == old.leader().getStoreId()) {
              leaderHint = p;
            }
          }
        }
        insert(newEntry(meta, leaderHint));
      }
    }
  }

  /** The store's metadata (address, labels), from PD's cached store list. */
  public Optional<Store> store(long storeId) {
    return pd.getStore(storeId);
  }

  /** The store's address changed or the store is gone: forget it. */
  public void invalidateStore(long storeId) {
    pd.invalidateStore(storeId);
  }

  int nextRoundRobin() {
    return roundRobin.getAndIncrement() & Integer.MAX_VALUE;
  }

  /**
   * Groups keys by the region each lies in; groups appear in the order of their first key, keys
   * within a group in the order given. Sorted input needs one lookup per region.
   */
  public List<RegionKeys> groupKeysByRegion(List<byte[]> keys, Backoffer bo) {
    Map<Long, List<byte[]>> groups = new LinkedHashMap<>();
    Map<Long, CachedRegion> regions = new LinkedHashMap<>();
    CachedRegion last = null;
    for (byte[] key : keys) {
      if (last == null || !last.contains(key)) {
        last = locateKey(key, bo);
        regions.putIfAbsent(last.id(), last);
      }
      groups.computeIfAbsent(last.id(), id -> new ArrayList<>()).add(key);
    }
    List<RegionKeys> out = new ArrayList<>(groups.size());
    groups.forEach((id, ks) -> out.add(new RegionKeys(regions.get(id), ks)));
    return out;
  }

  /**
   * Clips each range to the regions it crosses. Ranges must be sorted and disjoint; the result
   * is in key order, with consecutive pieces in one region merged into one group.
   */
  public List<RegionRanges> splitRangesByRegion(List<KeyRange> ranges, Backoffer bo) {
    List<CachedRegion> regionOrder = new ArrayList<>();
    List<List<KeyRange>> pieces = new ArrayList<>();
    for (KeyRange range : ranges) {
      byte[] start = range.start();
      while (true) {
        CachedRegion region = locateKey(start, bo);
        byte[] regionEnd = region.rawEnd();
        boolean rangeEndsInside =
            regionEnd.length == 0 || (!range.unboundedEnd() && Arrays.compareUnsigned(range.end(), regionEnd) <= 0);
        KeyRange piece = new KeyRange(start, rangeEndsInside ? range.end() : regionEnd.clone());
        int lastIndex = regionOrder.size() - 1;
        if (lastIndex >= 0 && regionOrder.get(lastIndex).id() == region.id()) {
          pieces.get(lastIndex).add(piece);
        } else {
          regionOrder.add(region);
          pieces.add(new ArrayList<>(List.of(piece)));
        }
        if (rangeEndsInside) {
          break;
        }
        start = regionEnd.clone();
      }
    }
    List<RegionRanges> out = new ArrayList<>(regionOrder.size());
    for (int i = 0; i < regionOrder.size(); i++) {
      out.add(new RegionRanges(regionOrder.get(i), pieces.get(i)));
    }
    return out;
  }

  private CachedRegion newEntry(Region meta, Peer leaderHint) {
    long jitter = jitterNanos == 0 ? 0 : random.nextLong(jitterNanos + 1);
    return new CachedRegion(meta, CachedRegion.initialLeader(meta, leaderHint), nanoClock.getAsLong() + ttlNanos + jitter);
  }

  /** Index of the last region whose start key is {@code <= key}, or -1. */
  private static int floor(CachedRegion[] arr, byte[] key) {
    int lo = 0;
    int hi = arr.length - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (Arrays.compareUnsigned(arr[mid].rawStart(), key) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** Index of the first region whose start key is {@code >= key}. */
  private static int ceiling(CachedRegion[] arr, byte[] key) {
    int lo = 0;
    int hi = arr.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Arrays.compareUnsigned(arr[mid].rawStart(), key) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Inserts {@code r} unless an entry it overlaps is newer; returns whether it was inserted. A
   * region that holds no key is not cached: distinct encoded boundaries can bound no user key
   * between them (a split between two versions of one key) and decode to one user key.
   */
  private boolean insert(CachedRegion r) {
    if (r.rawEnd().length > 0 && Arrays.compareUnsigned(r.rawStart(), r.rawEnd()) >= 0) {
      return false;
    }
    synchronized (writeLock) {
      CachedRegion sameId = byId.get(r.id());
      if (sameId != null && isNewer(sameId, r)) {
        return false;
      }
      CachedRegion[] arr = sorted.get();
      int lo = floor(arr, r.rawStart());
      if (lo < 0 || !overlapsFrom(arr[lo], r.rawStart())) {
        lo++;
      }
      int hi = r.rawEnd().length == 0 ? arr.length : ceiling(arr, r.rawEnd());
      for (int i = lo; i < hi; i++) {
        if (isNewer(arr[i], r)) {
          return false;
        }
      }
      List<CachedRegion> next = new ArrayList<>(arr.length + 1);
      for (int i = 0; i < lo; i++) {
        if (arr[i].id() != r.id()) {
          next.add(arr[i]);
        }
      }
      next.add(r);
      for (int i = hi; i < arr.length; i++) {
        if (arr[i].id() != r.id()) {
          next.add(arr[i]);
        }
      }
      for (int i = lo; i < hi; i++) {
        byId.remove(arr[i].id(), arr[i]);
      }
      sorted.set(next.toArray(new CachedRegion[0]));
      byId.put(r.id(), r);
      return true;
    }
  }

  /** Whether a region starting before {@code start} (or at it) reaches past {@code start}. */
  private static boolean overlapsFrom(CachedRegion existing, byte[] start) {
    return existing.rawEnd().length == 0 || Arrays.compareUnsigned(existing.rawEnd(), start) > 0;
  }

  /** {@code a} is known to be newer than {@code b}: a later split/merge or membership change. */
  private static boolean isNewer(CachedRegion a, CachedRegion b) {
    var ea = a.meta().getRegionEpoch();
    var eb = b.meta().getRegionEpoch();
    return ea.getVersion() > eb.getVersion() || (ea.getVersion() == eb.getVersion() && ea.getConfVer() > eb.getConfVer());
  }

  private void remove(CachedRegion r) {
    CachedRegion[] arr = sorted.get();
    List<CachedRegion> next = new ArrayList<>(arr.length);
    for (CachedRegion c : arr) {
      if (c != r) {
        next.add(c);
      }
    }
    sorted.set(next.toArray(new CachedRegion[0]));
    byId.remove(r.id(), r);
  }

  private void replace(CachedRegion old, CachedRegion updated) {
    CachedRegion[] arr = sorted.get().clone();
    for (int i = 0; i < arr.length; i++) {
      if (arr[i] == old) {
        arr[i] = updated;
      }
    }
    sorted.set(arr);
    byId.put(updated.id(), updated);
  }
}
