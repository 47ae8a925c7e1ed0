package io.cairn.pd.cluster;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.pd.PdClock;
import io.cairn.pd.PdException;
import io.cairn.pd.storage.MetaStore;
import io.cairn.pd.storage.WriteBatch;
import io.cairn.proto.metapb.NodeState;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.RegionEpoch;
import io.cairn.proto.metapb.Store;
import io.cairn.proto.metapb.StoreLabel;
import io.cairn.proto.metapb.StoreState;
import io.cairn.proto.pdpb.ErrorType;
import io.cairn.proto.pdpb.StoreStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The cluster's stores and regions, persisted in a {@link MetaStore}.
 *
 * <p>Persisted keys (values are protobuf encodings): {@value #BOOTSTRAPPED_KEY} (empty value),
 * {@code store/<id, 20 digits>} ({@code metapb.Store}), {@code region/<id, 20 digits>}
 * ({@code metapb.Region}). Leaders, statistics and heartbeat times live in memory only: nodes
 * report them again within one heartbeat interval.
 *
 * <p>Region freshness (PD's rules): a region report is stale, and refused, when PD knows the same
 * region with a newer {@code version} or {@code conf_ver}, or an overlapping region with a newer
 * {@code version}. A report at the same epoch from a lower Raft term than PD knows is ignored
 * too: it comes from a leader that has since been replaced (a heartbeat delayed in flight, or a
 * deposed leader that has not heard of its successor yet), so it must not name the leader. A
 * term of 0 (unknown) on either side is not compared. A fresh report replaces every region it
 * overlaps, and its leader and term replace PD's.
 *
 * <p>Thread-safe: reads share a read lock; changes take the write lock and persist before they
 * become visible.
 */
public final class ClusterState {

  static final String BOOTSTRAPPED_KEY = "cluster/bootstrapped";
  private static final String STORE_PREFIX = "store/";
  private static final String REGION_PREFIX = "region/";

  private final MetaStore meta;
  private final PdClock clock;
  private final HealthPolicy health;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<Long, StoreInfo> stores = new HashMap<>();
  private final RegionTree regions = new RegionTree();
  private boolean bootstrapped;
  private volatile List<Store> allStoresCache;
  private volatile List<Store> liveStoresCache;

  public ClusterState(MetaStore meta, PdClock clock, HealthPolicy health) {
    this.meta = meta;
    this.clock = clock;
    this.health = health;
    long now = clock.millis();
    bootstrapped = meta.get(BOOTSTRAPPED_KEY) != null;
    try {
      for (byte[] v : meta.scanPrefix(STORE_PREFIX).values()) {
        Store s = Store.parseFrom(v);
        stores.put(s.getId(), new StoreInfo(s, null, now));
      }
      for (byte[] v : meta.scanPrefix(REGION_PREFIX).values()) {
        regions.put(RegionInfo.of(Region.parseFrom(v)));
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt PD metadata", e);
    }
  }

  public boolean isBootstrapped() {
    lock.readLock().lock();
    try {
      return bootstrapped;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Creates the cluster with its first store and its first region, which must cover the whole
   * key space and have its peers on that store.
   */
  public void bootstrap(Store store, Region region) {
    validateStore(store);
    if (region.getId() == 0 || !region.getStartKey().isEmpty() || !region.getEndKey().isEmpty()
        || region.getPeersCount() == 0) {
      throw new PdException(ErrorType.UNKNOWN,
          "bootstrap region must have an id, peers, and cover the whole key space: " + region);
    }
    for (Peer p : region.getPeersList()) {
      if (p.getId() == 0 || p.getStoreId() != store.getId()) {
        throw new PdException(ErrorType.UNKNOWN,
            "bootstrap region peers must be on store " + store.getId() + ": " + p);
      }
    }
    lock.writeLock().lock();
    try {
      if (bootstrapped) {
        throw new PdException(ErrorType.ALREADY_BOOTSTRAPPED, "cluster is already bootstrapped");
      }
      Store s = normalize(store);
      meta.write(new WriteBatch()
          .put(storeKey(s.getId()), s.toByteArray())
          .put(regionKey(region.getId()), region.toByteArray())
          .put(BOOTSTRAPPED_KEY, new byte[0]));
      stores.put(s.getId(), new StoreInfo(s, null, clock.millis()));
      regions.put(RegionInfo.of(region));
      bootstrapped = true;
      invalidateStores();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Registers a store or updates its address, labels and version. */
  public void putStore(Store store) {
    validateStore(store);
    lock.writeLock().lock();
    try {
      requireBootstrapped();
      StoreInfo old = stores.get(store.getId());
      if (old != null && old.meta().getState() == StoreState.Tombstone) {
        throw new PdException(ErrorType.STORE_TOMBSTONE,
            "store " + store.getId() + " is a tombstone");
      }
      for (StoreInfo other : stores.values()) {
        if (other.id() != store.getId() && other.meta().getState() != StoreState.Tombstone
            && other.meta().getAddress().equals(store.getAddress())) {
          throw new PdException(ErrorType.UNKNOWN, "store " + other.id() + " already uses address "
              + store.getAddress());
        }
      }
      Store s = normalize(store);
      meta.put(storeKey(s.getId()), s.toByteArray());
      stores.put(s.getId(), new StoreInfo(s, old == null ? null : old.stats(), clock.millis()));
      invalidateStores();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Records a store heartbeat. */
  public void storeHeartbeat(StoreStats stats) {
    lock.writeLock().lock();
    try {
      requireBootstrapped();
      StoreInfo old = stores.get(stats.getStoreId());
      if (old == null) {
        throw new PdException(ErrorType.UNKNOWN, "store " + stats.getStoreId() + " not found");
      }
      if (old.meta().getState() == StoreState.Tombstone) {
        throw new PdException(ErrorType.STORE_TOMBSTONE,
            "store " + stats.getStoreId() + " is a tombstone");
      }
      stores.put(old.id(), new StoreInfo(old.meta(), stats, clock.millis()));
      invalidateStores();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The store, or {@code null}. */
  public StoreInfo store(long id) {
    lock.readLock().lock();
    try {
      return stores.get(id);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The store's metadata as clients see it (last heartbeat filled in), or {@code null}. */
  public Store storeMeta(long id) {
    StoreInfo s = store(id);
    return s == null ? null : withHeartbeat(s);
  }

  /**
   * All stores as clients see them. Cached until a store changes or heartbeats, because clients
   * call this very often.
   */
  public List<Store> allStores(boolean excludeTombstones) {
    List<Store> cached = excludeTombstones ? liveStoresCache : allStoresCache;
    if (cached != null) {
      return cached;
    }
    lock.readLock().lock();
    try {
      List<Store> all = new ArrayList<>();
      List<Store> live = new ArrayList<>();
      for (StoreInfo s : stores.values()) {
        Store m = withHeartbeat(s);
        all.add(m);
        if (m.getState() != StoreState.Tombstone) {
          live.add(m);
        }
      }
      all.sort((a, b) -> Long.compare(a.getId(), b.getId()));
      live.sort((a, b) -> Long.compare(a.getId(), b.getId()));
      allStoresCache = List.copyOf(all);
      liveStoresCache = List.copyOf(live);
      return excludeTombstones ? liveStoresCache : allStoresCache;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Health of every store now. */
  public Map<Long, StoreHealth> storeHealth() {
    long now = clock.millis();
    lock.readLock().lock();
    try {
      Map<Long, StoreHealth> out = new HashMap<>();
      for (StoreInfo s : stores.values()) {
        out.put(s.id(), health.health(s, now));
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Outcome of a region report. */
  public enum Update { APPLIED, UNCHANGED, STALE }

  /**
   * Applies a region heartbeat: leader, peers, epoch, statistics.
   *
   * @return {@link Update#STALE} when refused or ignored (see the class comment)
   */
  public Update regionHeartbeat(RegionInfo report) {
    validateRegion(report.meta());
    if (report.leader() != null && report.peerOnStore(report.leader().getStoreId()) == null) {
      throw new PdException(ErrorType.UNKNOWN, "leader " + report.leader()
          + " is not a peer of region " + report.id());
    }
    lock.writeLock().lock();
    try {
      requireBootstrapped();
      return apply(report);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Applies the regions resulting from a split, as reported by the split leader. New regions
   * get the leader on the store of the split region's leader, where Raft puts it.
   */
  public void reportSplit(List<Region> parts) {
    for (Region r : parts) {
      validateRegion(r);
    }
    lock.writeLock().lock();
    try {
      requireBootstrapped();
      long leaderStore = 0;
      for (Region r : parts) {
        RegionInfo known = regions.getById(r.getId());
        if (known != null && known.leader() != null) {
          leaderStore = known.leaderStoreId();
        }
      }
      for (Region r : parts) {
        RegionInfo known = regions.getById(r.getId());
        RegionInfo info = known == null
            ? RegionInfo.of(r)
            : new RegionInfo(r, known.leader(), known.downPeers(), known.pendingPeers(),
                known.approximateSize(), known.approximateKeys(), known.term());
        if (leaderStore != 0 && info.leader() == null) {
          Peer p = info.peerOnStore(leaderStore);
          info = info.withLeader(p);
        }
        if (info.leader() != null && info.peerOnStore(info.leaderStoreId()) == null) {
          info = info.withLeader(null);
        }
        apply(info);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private Update apply(RegionInfo report) {
    Region r = report.meta();
    RegionEpoch epoch = r.getRegionEpoch();
    RegionInfo known = regions.getById(r.getId());
    if (known != null) {
      RegionEpoch k = known.meta().getRegionEpoch();
      if (epoch.getVersion() < k.getVersion() || epoch.getConfVer() < k.getConfVer()) {
        return Update.STALE;
      }
      if (epoch.equals(k) && report.term() != 0 && report.term() < known.term()) {
        return Update.STALE;
      }
    }
    List<RegionInfo> overlaps = regions.overlaps(r, r.getId());
    for (RegionInfo o : overlaps) {
      if (o.meta().getRegionEpoch().getVersion() > epoch.getVersion()) {
        return Update.STALE;
      }
    }
    boolean metaChanged = known == null || !known.meta().equals(r) || !overlaps.isEmpty();
    if (metaChanged) {
      WriteBatch batch = new WriteBatch().put(regionKey(r.getId()), r.toByteArray());
      for (RegionInfo o : overlaps) {
        batch.delete(regionKey(o.id()));
      }
      meta.write(batch);
    }
    boolean leaderChanged = known == null || known.leaderStoreId() != report.leaderStoreId();
    regions.put(report);
    return metaChanged || leaderChanged ? Update.APPLIED : Update.UNCHANGED;
  }

  /** The region containing {@code key}, or {@code null}. */
  public RegionInfo regionByKey(ByteString key) {
    lock.readLock().lock();
    try {
      return regions.getByKey(key);
    } finally {
      lock.readLock().unlock();
    }
  }

  public RegionInfo regionById(long id) {
    lock.readLock().lock();
    try {
      return regions.getById(id);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** See {@link RegionTree#scan}. */
  public List<RegionInfo> scanRegions(ByteString start, ByteString end, int limit) {
    lock.readLock().lock();
    try {
      return regions.scan(start, end, limit);
    } finally {
      lock.readLock().unlock();
    }
  }

  public int regionCount() {
    lock.readLock().lock();
    try {
      return regions.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Every store with its health and load, taken at one instant. */
  public List<StoreLoad> storeLoads() {
    long now = clock.millis();
    lock.readLock().lock();
    try {
      List<StoreLoad> out = new ArrayList<>(stores.size());
      for (StoreInfo s : stores.values()) {
        Map<String, String> labels = new HashMap<>();
        for (StoreLabel l : s.meta().getLabelsList()) {
          labels.put(l.getKey(), l.getValue());
        }
        out.add(new StoreLoad(s.id(), health.health(s, now), regions.regionCount(s.id()),
            regions.leaderCount(s.id()), labels));
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  private void requireBootstrapped() {
    if (!bootstrapped) {
      throw new PdException(ErrorType.NOT_BOOTSTRAPPED, "cluster is not bootstrapped");
    }
  }

  private void invalidateStores() {
    allStoresCache = null;
    liveStoresCache = null;
  }

  private static Store withHeartbeat(StoreInfo s) {
    return s.meta().toBuilder().setLastHeartbeat(s.lastHeartbeatMs() * 1_000_000L).build();
  }

  private static Store normalize(Store store) {
    return store.toBuilder().setState(StoreState.Up).setNodeState(NodeState.Serving)
        .clearLastHeartbeat().build();
  }

  private static void validateStore(Store store) {
    if (store.getId() == 0 || store.getAddress().isEmpty()) {
      throw new PdException(ErrorType.UNKNOWN, "store needs an id and an address: " + store);
    }
  }

  private static void validateRegion(Region r) {
    if (r.getId() == 0 || r.getPeersCount() == 0) {
      throw new PdException(ErrorType.UNKNOWN, "region needs an id and peers: " + r);
    }
    if (!r.getEndKey().isEmpty() && Keys.ORDER.compare(r.getStartKey(), r.getEndKey()) >= 0) {
      throw new PdException(ErrorType.UNKNOWN, "region " + r.getId() + " has an empty range");
    }
  }

  static String storeKey(long id) {
    return String.format("%s%020d", STORE_PREFIX, id);
  }

  static String regionKey(long id) {
    return String.format("%s%020d", REGION_PREFIX, id);
  }
}
