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
   * The two regions a split at {@code splitKey} makes (the Raft split, left-derive): this
   * region shrunk to {@code [startKey, splitKey)} and region {@code newId} over
   * {@code [splitKey, endKey)}, both with the version bumped and the same conf_ver. The new
   * region has a replica on every store of this one, the one on {@code peers().get(i)}'s store
   * with id {@code newPeerIds.get(i)}.
   *
   * @throws IllegalArgumentException unless {@code splitKey} lies strictly inside the range,
   *     {@code newId} differs from this id and there is one new peer id per peer
   */
  public List<RegionMeta> splitAt(byte[] splitKey, long newId, List<Long> newPeerIds) {
    if (!contains(splitKey) || Arrays.equals(splitKey, startKey)) {
      throw new IllegalArgumentException("split key outside or at the start of " + this);
    }
    if (newId == id) {
      throw new IllegalArgumentException("split of region " + id + " into itself");
    }
    if (newPeerIds.size() != peers.size()) {
      throw new IllegalArgumentException(newPeerIds.size() + " new peer ids for the "
          + peers.size() + " peers of " + this);
    }
    List<PeerMeta> childPeers = new ArrayList<>(peers.size());
    for (int i = 0; i < peers.size(); i++) {
      PeerMeta p = peers.get(i);
      childPeers.add(new PeerMeta(newPeerIds.get(i), p.storeId(), p.address()));
    }
    RegionEpoch next = epoch.bumpVersion();
    return List.of(new RegionMeta(id, startKey, splitKey, next, peers),
        new RegionMeta(newId, splitKey, endKey, next, childPeers));
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
