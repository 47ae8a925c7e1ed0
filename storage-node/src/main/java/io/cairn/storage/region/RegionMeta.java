package io.cairn.storage.region;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A region's metadata (metapb.Region): the key range {@code [startKey, endKey)}, its epoch and
 * its peers. An empty {@code startKey} is the start of the key space, an empty {@code endKey}
 * its end. Boundaries are region keys (see {@link KeyMode}): memcomparable-encoded user keys
 * for transactional data, raw keys for raw data. Immutable; the arrays must not be modified.
 */
public record RegionMeta(
    long id, byte[] startKey, byte[] endKey, RegionEpoch epoch, List<PeerMeta> peers) {

  private static final byte[] EMPTY = new byte[0];

  public RegionMeta {
    startKey = startKey == null ? EMPTY : startKey;
    endKey = endKey == null ? EMPTY : endKey;
    Objects.requireNonNull(epoch, "epoch");
    peers = List.copyOf(peers);
    if (endKey.length > 0 && Arrays.compareUnsigned(startKey, endKey) >= 0) {
      throw new IllegalArgumentException("empty region range " + HexFormat.of().formatHex(startKey)
          + " .. " + HexFormat.of().formatHex(endKey));
    }
  }

  /** Whether {@code regionKey} lies in {@code [startKey, endKey)}. */
  public boolean contains(byte[] regionKey) {
    return Arrays.compareUnsigned(regionKey, startKey) >= 0
        && (endKey.length == 0 || Arrays.compareUnsigned(regionKey, endKey) < 0);
  }

  /**
   * Whether {@code regionKey} is a valid exclusive upper bound inside the region: in
   * {@code (startKey, endKey]}.
   */
  public boolean containsUpperBound(byte[] regionKey) {
    return Arrays.compareUnsigned(regionKey, startKey) > 0
        && (endKey.length == 0 || Arrays.compareUnsigned(regionKey, endKey) <= 0);
  }

  /** This store's peer of the region, or null if the store holds none. */
  public PeerMeta peerOn(long storeId) {
    for (PeerMeta p : peers) {
      if (p.storeId() == storeId) {
        return p;
      }
    }
    return null;
  }

  public RegionMeta withRange(byte[] start, byte[] end, RegionEpoch newEpoch) {
    return new RegionMeta(id, start, end, newEpoch, peers);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegionMeta r && id == r.id && Arrays.equals(startKey, r.startKey)
        && Arrays.equals(endKey, r.endKey) && epoch.equals(r.epoch) && peers.equals(r.peers);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id) * 31 + epoch.hashCode();
  }

  @Override
  public String toString() {
    return "Region[" + id + " [" + HexFormat.of().formatHex(startKey) + ", "
        + HexFormat.of().formatHex(endKey) + ") " + epoch + " peers=" + peers + "]";
  }
}
