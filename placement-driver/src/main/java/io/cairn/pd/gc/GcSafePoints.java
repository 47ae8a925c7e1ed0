package io.cairn.pd.gc;

import io.cairn.pd.storage.MetaStore;
import io.cairn.pd.storage.WriteBatch;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The cluster's GC safe point and the per-service safe points that hold it back.
 *
 * <p>The GC safe point only moves forward. A service safe point (backup, CDC, a long reader)
 * lives for its TTL; the minimum over live services tells the GC driver how far it may go.
 *
 * <p>Persisted keys: {@value #KEY} (8-byte big-endian timestamp) and
 * {@code gc/service/<service id>} (safe point, then expiry in epoch ms; 16 bytes big-endian).
 *
 * <p>Thread-safe.
 */
public final class GcSafePoints {

  static final String KEY = "gc/safe-point";
  private static final String SERVICE_PREFIX = "gc/service/";

  private record ServicePoint(long safePoint, long expireAtMs) {}

  private final MetaStore store;
  private final Map<String, ServicePoint> services = new HashMap<>();
  private long safePoint;

  public GcSafePoints(MetaStore store) {
    this.store = store;
    byte[] v = store.get(KEY);
    safePoint = v == null ? 0 : ByteBuffer.wrap(v).getLong();
    for (Map.Entry<String, byte[]> e : store.scanPrefix(SERVICE_PREFIX).entrySet()) {
      ByteBuffer b = ByteBuffer.wrap(e.getValue());
      services.put(e.getKey().substring(SERVICE_PREFIX.length()),
          new ServicePoint(b.getLong(), b.getLong()));
    }
  }

  public synchronized long safePoint() {
    return safePoint;
  }

  /** Moves the safe point to {@code proposed} if that is later; returns the value in force. */
  public synchronized long update(long proposed) {
    if (Long.compareUnsigned(proposed, safePoint) > 0) {
      store.put(KEY, ByteBuffer.allocate(8).putLong(proposed).array());
      safePoint = proposed;
    }
    return safePoint;
  }

  /**
   * Sets (TTL > 0) or removes (TTL ≤ 0) the safe point of {@code serviceId}. A safe point below
   * the GC safe point is not accepted: that data may already be gone. Returns the minimum over
   * live services, or the GC safe point when there are none.
   */
  public synchronized long updateService(String serviceId, long ttlSeconds, long proposed,
      long nowMs) {
    WriteBatch batch = new WriteBatch();
    for (var it = services.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (e.getValue().expireAtMs() <= nowMs) {
        batch.delete(SERVICE_PREFIX + e.getKey());
        it.remove();
      }
    }
    if (ttlSeconds <= 0) {
      if (services.remove(serviceId) != null) {
        batch.delete(SERVICE_PREFIX + serviceId);
      }
    } else if (Long.compareUnsigned(proposed, safePoint) >= 0) {
      long ttlMs = ttlSeconds > Long.MAX_VALUE / 2000 ? Long.MAX_VALUE / 2 : ttlSeconds * 1000;
      ServicePoint p = new ServicePoint(proposed, nowMs + ttlMs);
      services.put(serviceId, p);
      batch.put(SERVICE_PREFIX + serviceId,
          ByteBuffer.allocate(16).putLong(p.safePoint()).putLong(p.expireAtMs()).array());
    }
    store.write(batch);
    long min = -1;
    boolean any = false;
    for (ServicePoint p : services.values()) {
      if (!any || Long.compareUnsigned(p.safePoint(), min) < 0) {
        min = p.safePoint();
        any = true;
      }
    }
    return any ? min : safePoint;
  }

}
