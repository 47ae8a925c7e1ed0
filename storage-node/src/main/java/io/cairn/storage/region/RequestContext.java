package io.cairn.storage.region;

import java.util.List;
import java.util.Objects;

/**
 * The route a KV request claims (kvrpcpb.Context) plus the keys it touches, which the
 * {@link RegionEngine} checks before reading or writing.
 *
 * @param regionId the region the client believes holds the keys
 * @param epoch the epoch the client last saw for it
 * @param storeId the store of the peer the client addressed; 0 when the client did not say
 * @param term the Raft term the client last saw; 0 when unknown (never stale)
 * @param mode how {@code keys} compare with region boundaries
 * @param keys user keys that must lie in the region ({@code KeyNotInRegion} otherwise)
 * @param upperBound a user key that must be an exclusive upper bound inside the region
 *     ({@code (start, end]}), as a reverse scan's start key or a delete-range end; null for none
 */
public record RequestContext(
    long regionId, RegionEpoch epoch, long storeId, long term, KeyMode mode, List<byte[]> keys,
    byte[] upperBound) {

  public RequestContext {
    Objects.requireNonNull(epoch, "epoch");
    Objects.requireNonNull(mode, "mode");
    keys = List.copyOf(keys);
  }

  /** A route without keys to check (region-wide commands such as GC and scan_lock). */
  public static RequestContext of(long regionId, RegionEpoch epoch, long storeId, long term,
      KeyMode mode) {
    return new RequestContext(regionId, epoch, storeId, term, mode, List.of(), null);
  }

  /** The same route checking {@code userKeys} instead. */
  public RequestContext withKeys(List<byte[]> userKeys) {
    return new RequestContext(regionId, epoch, storeId, term, mode, userKeys, upperBound);
  }

  /** The same route also checking {@code userKey} as an exclusive upper bound. */
  public RequestContext withUpperBound(byte[] userKey) {
    return new RequestContext(regionId, epoch, storeId, term, mode, keys, userKey);
  }
}
