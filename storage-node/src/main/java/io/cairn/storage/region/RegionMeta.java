package io.cairn.storage.region;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A region's metadata (metapb.Region): the key range {@code [startKey, endKey)}, its epoch and
 * its peers. An empty {@code startKey} is the start of the key space, an empty {@code endKey}
 * its end; keys compare as unsigned bytes. Boundaries are region keys (see {@link KeyMode}):
 * memcomparable-encoded user keys for transactional data, raw keys for raw data. Immutable:
 * the arrays are copied in, and the arrays the accessors return must not be modified.
 * {@link #equals} compares the key contents (a record of arrays would compare identities).
 *
 * <p>Binary layout of {@link #encode()} (big-endian), the form in which Raft replicas persist
 * a region in CF {@code raft} and ship it in commands and snapshots:
 *
 * <pre>
 * u8  format = 1
 * i64 id
 * u32 start length, start bytes
 * u32 end length,   end bytes
 * i64 conf_ver
 * i64 version
 * u32 peer count, then per peer: i64 peer id, i64 store id, u16 address length,
 *     address (UTF-8; empty for an unreplicated peer)
 * </pre>
 */
public record RegionMeta(
    long id, byte[] startKey, byte[] endKey, RegionEpoch epoch, List<PeerMeta> peers) {

  private static final byte FORMAT = 1;
  private static final byte[] EMPTY = new byte[0];

  /**
   * @param startKey null or empty for the start of the key space
   * @param endKey null or empty for the end of the key space
   * @throws IllegalArgumentException if the id is not positive, the range is empty or two
   *     peers are on the same store
   */
  public RegionMeta {
    if (id <= 0) {
      throw new IllegalArgumentException("region id must be positive: " + id);
    }
    startKey = startKey == null ? EMPTY : startKey.clone();
    endKey = endKey == null ? EMPTY : endKey.clone();
    Objects.requireNonNull(epoch, "epoch");
    peers = List.copyOf(peers);
    if (endKey.length > 0 && Arrays.compareUnsigned(startKey, endKey) >= 0) {
      throw new IllegalArgumentException("empty region range " + HexFormat.of().formatHex(startKey)
          + " .. " + HexFormat.of().formatHex(endKey));
    }
    if (peers.stream().map(PeerMeta::storeId).distinct().count() != peers.size()) {
      throw new IllegalArgumentException("duplicate store in peers of region " + id + ": " + peers);
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

  /** The region with {@code newPeers} as its replicas and {@code conf_ver} bumped. */
  public RegionMeta withPeers(List<PeerMeta> newPeers) {
    return new RegionMeta(id, startKey, endKey, epoch.bumpConfVer(), newPeers);
  }

  /**
   * A region a split creates: its id and the ids of its replicas, one per peer of the region
   * being split, in that region's peer order (ids travel in the Raft log, so every replica
   * agrees on them).
   */
  public record NewRegion(long id, List<Long> peerIds) {
    public NewRegion {
      if (id <= 0) {
        throw new IllegalArgumentException("region id must be positive: " + id);
      }
      peerIds = List.copyOf(peerIds);
    }
  }

  /**
   * Checks that {@code splitKeys} can split this region: not empty, strictly ascending, each
   * strictly inside the range (after the start key, before the end key).
   *
   * @throws IllegalArgumentException naming the first bad key
   */
  public void checkSplitKeys(List<byte[]> splitKeys) {
    if (splitKeys.isEmpty()) {
      throw new IllegalArgumentException("no split keys");
    }
    byte[] prev = startKey;
    for (byte[] k : splitKeys) {
      if (Arrays.compareUnsigned(k, prev) <= 0 || !contains(k)) {
        throw new IllegalArgumentException("split key " + HexFormat.of().formatHex(k)
            + " is not ascending and strictly inside " + this);
      }
      prev = k;
    }
  }

  /**
   * The regions a split at {@code splitKeys} makes, in key order (TiKV's right-derive): piece
   * {@code i < n} is {@code newRegions.get(i)} over {@code [key(i-1), key(i))}, with a replica
   * on every store of this region (the one on {@code peers().get(j)}'s store with id
   * {@code newRegions.get(i).peerIds().get(j)}); the last piece keeps this region's id and
   * peers over {@code [key(n-1), endKey)}. Every piece has the version bumped by {@code n}
   * and this conf_ver.
   *
   * @throws IllegalArgumentException if the keys fail {@link #checkSplitKeys}, the new ids are
   *     not one per key, repeat, or name this region, or a new region's peer ids are not one
   *     per peer
   */
  public List<RegionMeta> split(List<byte[]> splitKeys, List<NewRegion> newRegions) {
    checkSplitKeys(splitKeys);
    if (newRegions.size() != splitKeys.size()) {
      throw new IllegalArgumentException(newRegions.size() + " new regions for "
          + splitKeys.size() + " split keys of " + this);
    }
    if (newRegions.stream().map(NewRegion::id).distinct().count() != newRegions.size()
        || newRegions.stream().anyMatch(n -> n.id() == id)) {
      throw new IllegalArgumentException("split of region " + id + " into repeated ids "
          + newRegions);
    }
    RegionEpoch next = epoch.bumpVersion(splitKeys.size());
    List<RegionMeta> pieces = new ArrayList<>(splitKeys.size() + 1);
    byte[] start = startKey;
    for (int i = 0; i < splitKeys.size(); i++) {
      NewRegion n = newRegions.get(i);
      if (n.peerIds().size() != peers.size()) {
        throw new IllegalArgumentException(n.peerIds().size() + " new peer ids for the "
            + peers.size() + " peers of " + this);
      }
      List<PeerMeta> piecePeers = new ArrayList<>(peers.size());
      for (int j = 0; j < peers.size(); j++) {
        PeerMeta p = peers.get(j);
        piecePeers.add(new PeerMeta(n.peerIds().get(j), p.storeId(), p.address()));
      }
      pieces.add(new RegionMeta(n.id(), start, splitKeys.get(i), next, piecePeers));
      start = splitKeys.get(i);
    }
    pieces.add(new RegionMeta(id, start, endKey, next, peers));
    return List.copyOf(pieces);
  }

  /** This region in the layout of the class comment. */
  public byte[] encode() {
    List<byte[]> addrs = new ArrayList<>(peers.size());
    int size = 1 + 8 + 4 + startKey.length + 4 + endKey.length + 16 + 4;
    for (PeerMeta p : peers) {
      byte[] a = p.address().getBytes(StandardCharsets.UTF_8);
      if (a.length > 0xFFFF) {
        throw new IllegalArgumentException("address too long: " + p.address());
      }
      addrs.add(a);
      size += 8 + 8 + 2 + a.length;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(FORMAT).putLong(id);
    b.putInt(startKey.length).put(startKey);
    b.putInt(endKey.length).put(endKey);
    b.putLong(epoch.confVer()).putLong(epoch.version());
    b.putInt(peers.size());
    for (int i = 0; i < peers.size(); i++) {
      PeerMeta p = peers.get(i);
      b.putLong(p.id()).putLong(p.storeId()).putShort((short) addrs.get(i).length)
          .put(addrs.get(i));
    }
    return b.array();
  }

  /** Decodes {@link #encode()}'s output; fails with {@link IllegalArgumentException}. */
  public static RegionMeta decode(byte[] bytes) {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      byte format = b.get();
      if (format != FORMAT) {
        throw new IllegalArgumentException("unknown region meta format " + format);
      }
      long id = b.getLong();
      byte[] start = new byte[b.getInt()];
      b.get(start);
      byte[] end = new byte[b.getInt()];
      b.get(end);
      RegionEpoch epoch = new RegionEpoch(b.getLong(), b.getLong());
      int n = b.getInt();
      if (n < 0 || n > 1024) {
        throw new IllegalArgumentException("bad peer count " + n);
      }
      List<PeerMeta> peers = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        long peerId = b.getLong();
        long store = b.getLong();
        byte[] a = new byte[Short.toUnsignedInt(b.getShort())];
        b.get(a);
        peers.add(new PeerMeta(peerId, store, new String(a, StandardCharsets.UTF_8)));
      }
      if (b.hasRemaining()) {
        throw new IllegalArgumentException(b.remaining() + " trailing bytes in region meta");
      }
      return new RegionMeta(id, start, end, epoch, peers);
    } catch (BufferUnderflowException | NegativeArraySizeException e) {
      throw new IllegalArgumentException("truncated region meta", e);
    }
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
