package io.cairn.tikv.testing;

import com.google.protobuf.ByteString;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.Store;
import io.cairn.tikv.pd.PdClient;
import io.cairn.tikv.pd.PdException;
import io.cairn.tikv.pd.PdRegion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory PD for region-cache and sender tests: regions that tile the key space, their
 * leaders, stores. Counts the calls and can be told to fail the next ones.
 */
public class ModelPd implements PdClient {

  private final List<Region> regions = new ArrayList<>();
  private final Map<Long, Peer> leaders = new HashMap<>();
  private final Map<Long, Store> stores = new ConcurrentHashMap<>();
  private final Map<Long, Store> storeCache = new ConcurrentHashMap<>();
  public final AtomicInteger getRegionCalls = new AtomicInteger();
  public final AtomicInteger getStoreCalls = new AtomicInteger();
  public final AtomicInteger failNext = new AtomicInteger();
  private final AtomicLong ts = new AtomicLong(1 << 18);

  public synchronized void setRegions(List<Region> rs) {
    regions.clear();
    regions.addAll(rs);
    regions.sort(Comparator.comparing(r -> r.getStartKey(), ByteString.unsignedLexicographicalComparator()));
  }

  public synchronized List<Region> regions() {
    return List.copyOf(regions);
  }

  public synchronized void setLeader(long regionId, Peer leader) {
    leaders.put(regionId, leader);
  }

  public void putStore(Store s) {
    stores.put(s.getId(), s);
  }

  /** The region that contains key in the model. */
  public synchronized Region regionOf(byte[] key) {
    for (Region r : regions) {
      if (contains(r, key)) {
        return r;
      }
    }
    throw new IllegalStateException("model does not tile the key space");
  }

  public static boolean contains(Region r, byte[] key) {
    return Arrays.compareUnsigned(key, r.getStartKey().toByteArray()) >= 0
        && (r.getEndKey().isEmpty() || Arrays.compareUnsigned(key, r.getEndKey().toByteArray()) < 0);
  }

  private void maybeFail() {
    if (failNext.get() > 0 && failNext.getAndDecrement() > 0) {
      throw new PdException("injected PD failure", true);
    }
  }

  @Override
  public long clusterId() {
    return 1;
  }

  @Override
  public long getTimestamp() {
    return ts.incrementAndGet();
  }

  @Override
  public CompletableFuture<Long> getTimestampAsync() {
    return CompletableFuture.completedFuture(getTimestamp());
  }

  @Override
  public synchronized Optional<PdRegion> getRegion(byte[] key) {
    getRegionCalls.incrementAndGet();
    maybeFail();
    for (Region r : regions) {
      if (contains(r, key)) {
        return Optional.of(new PdRegion(r, leaders.get(r.getId()), List.of()));
      }
    }
    return Optional.empty();
  }

  @Override
  public synchronized Optional<PdRegion> getRegionById(long regionId) {
    getRegionCalls.incrementAndGet();
    maybeFail();
    return regions.stream().filter(r -> r.getId() == regionId).findFirst().map(r -> new PdRegion(r, leaders.get(r.getId()), List.of()));
  }

  @Override
  public synchronized List<PdRegion> scanRegions(byte[] startKey, byte[] endKey, int limit) {
    List<PdRegion> out = new ArrayList<>();
    for (Region r : regions) {
      boolean endsAfterStart = r.getEndKey().isEmpty() || Arrays.compareUnsigned(r.getEndKey().toByteArray(), startKey) > 0;
      boolean startsBeforeEnd = endKey.length == 0 || Arrays.compareUnsigned(r.getStartKey().toByteArray(), endKey) < 0;
      if (endsAfterStart && startsBeforeEnd && (limit == 0 || out.size() < limit)) {
        out.add(new PdRegion(r, leaders.get(r.getId()), List.of()));
      }
    }
    return out;
  }

  @Override
  public Optional<Store> getStore(long storeId) {
    Store cached = storeCache.get(storeId);
    if (cached != null) {
      return Optional.of(cached);
    }
    getStoreCalls.incrementAndGet();
    Store s = stores.get(storeId);
    if (s != null) {
      storeCache.put(storeId, s);
    }
    return Optional.ofNullable(s);
  }

  @Override
  public List<Store> getAllStores() {
    return List.copyOf(stores.values());
  }

  /** The GC safe point this model answers; tests move it. */
  public volatile long gcSafePoint;

  @Override
  public long getGcSafePoint() {
    return gcSafePoint;
  }

  @Override
  public void invalidateStore(long storeId) {
    storeCache.remove(storeId);
  }

  @Override
  public void close() {}
}
