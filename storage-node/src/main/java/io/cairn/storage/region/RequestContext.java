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
 * @param read which replica may serve a read ({@link ReadKind#LEADER} for every write)
 * @param readTs the timestamp a {@link ReadKind#REPLICA} or {@link ReadKind#STALE} read reads
 *     at (the leader raises its max_ts with it, a stale read compares it with the safe ts); 0
 *     when the read has none (raw reads)
 */
public record RequestContext(
    long regionId, RegionEpoch epoch, long storeId, long term, KeyMode mode, List<byte[]> keys,
    byte[] upperBound, ReadKind read, long readTs) {

  public RequestContext {
    Objects.requireNonNull(epoch, "epoch");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(read, "read");
    keys = List.copyOf(keys);
  }

  /** A leader-only route. */
  public RequestContext(
      long regionId, RegionEpoch epoch, long storeId, long term, KeyMode mode, List<byte[]> keys,
      byte[] upperBound) {
    this(regionId, epoch, storeId, term, mode, keys, upperBound, ReadKind.LEADER, 0);
  }

  /** A leader-only route without keys to check (region-wide commands such as GC and scan_lock). */
  public static RequestContext of(long regionId, RegionEpoch epoch, long storeId, long term,
      KeyMode mode) {
    return new RequestContext(regionId, epoch, storeId, term, mode, List.of(), null);
  }

  /** The same route checking {@code userKeys} instead. */
  public RequestContext withKeys(List<byte[]> userKeys) {
    return new RequestContext(regionId, epoch, storeId, term, mode, userKeys, upperBound, read,
        readTs);
  }

  /** The same route also checking {@code userKey} as an exclusive upper bound. */
  public RequestContext withUpperBound(byte[] userKey) {
    return new RequestContext(regionId, epoch, storeId, term, mode, keys, userKey, read, readTs);
  }

  /** The same route read by {@code kind} at {@code ts}. */
  public RequestContext withRead(ReadKind kind, long ts) {
    return new RequestContext(regionId, epoch, storeId, term, mode, keys, upperBound, kind, ts);
  }
}
