package io.cairn.storage.region;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A region's persistent description: id, key range {@code [start, end)}, epoch and replicas.
 * An empty {@code end} means "to the end of the key space"; an empty {@code start} is the
 * beginning. Keys compare as unsigned bytes. Immutable; arrays are copied in and out.
 *
 * <p>Binary layout of {@link #encode()} (big-endian), stored in CF {@code raft}:
 *
 * <pre>
 * u8  format = 1
 * i64 id
 * u32 start length, start bytes
 * u32 end length,   end bytes
 * i64 conf_ver
 * i64 version
 * u32 peer count, then per peer: i64 store id, u16 address length, address (UTF-8)
 * </pre>
 */
public final class RegionMeta {
  private static final byte FORMAT = 1;

  private final long id;
  private final byte[] start;
  private final byte[] end;
  private final RegionEpoch epoch;
  private final List<StorePeer> peers;

  public RegionMeta(long id, byte[] start, byte[] end, RegionEpoch epoch, List<StorePeer> peers) {
    if (id <= 0) {
      throw new IllegalArgumentException("region id must be positive: " + id);
    }
    this.id = id;
    this.start = Objects.requireNonNull(start, "start").clone();
    this.end = Objects.requireNonNull(end, "end").clone();
    this.epoch = Objects.requireNonNull(epoch, "epoch");
    this.peers = List.copyOf(peers);
    if (end.length > 0 && Arrays.compareUnsigned(start, end) >= 0) {
      throw new IllegalArgumentException("empty or inverted range of region " + id);
    }
    if (this.peers.stream().map(StorePeer::storeId).distinct().count() != this.peers.size()) {
      throw new IllegalArgumentException("duplicate store in peers of region " + id + ": " + peers);
    }
  }

  public long id() {
    return id;
  }

  public byte[] start() {
    return start.clone();
  }

  /** The exclusive end key; empty for unbounded. */
  public byte[] end() {
    return end.clone();
  }

  public RegionEpoch epoch() {
    return epoch;
  }

  public List<StorePeer> peers() {
    return peers;
  }

  public boolean contains(byte[] key) {
    return Arrays.compareUnsigned(key, start) >= 0
        && (end.length == 0 || Arrays.compareUnsigned(key, end) < 0);
  }

  /** The peer on {@code storeId}, or {@code null} if that store holds no replica. */
  public StorePeer peerOn(long storeId) {
    for (StorePeer p : peers) {
      if (p.storeId() == storeId) {
        return p;
      }
    }
    return null;
  }

  /**
   * The two regions a split at {@code splitKey} makes: this region shrunk to
   * {@code [start, splitKey)} and region {@code newId} over {@code [splitKey, end)}, with the
   * same peers and conf_ver, both with the version bumped.
   *
   * @throws IllegalArgumentException unless {@code splitKey} lies strictly inside the range
   */
  public List<RegionMeta> splitAt(byte[] splitKey, long newId) {
    if (!contains(splitKey) || Arrays.equals(splitKey, start)) {
      throw new IllegalArgumentException("split key outside or at the start of " + this);
    }
    if (newId == id) {
      throw new IllegalArgumentException("split of region " + id + " into itself");
    }
    RegionEpoch next = epoch.bumpVersion();
    return List.of(new RegionMeta(id, start, splitKey, next, peers), new RegionMeta(newId, splitKey, end, next, peers));
  }

  public RegionMeta withPeers(List<StorePeer> newPeers) {
    return new RegionMeta(id, start, end, epoch.bumpConfVer(), newPeers);
  }

  public byte[] encode() {
    List<byte[]> addrs = new ArrayList<>(peers.size());
    int size = 1 + 8 + 4 + start.length + 4 + end.length + 16 + 4;
    for (StorePeer p : peers) {
      byte[] a = p.address().getBytes(StandardCharsets.UTF_8);
      if (a.length > 0xFFFF) {
        throw new IllegalArgumentException("address too long: " + p.address());
      }
      addrs.add(a);
      size += 8 + 2 + a.length;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(FORMAT).putLong(id);
    b.putInt(start.length).put(start);
    b.putInt(end.length).put(end);
    b.putLong(epoch.confVer()).putLong(epoch.version());
    b.putInt(peers.size());
    for (int i = 0; i < peers.size(); i++) {
      b.putLong(peers.get(i).storeId()).putShort((short) addrs.get(i).length).put(addrs.get(i));
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
      List<StorePeer> peers = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        long store = b.getLong();
        byte[] a = new byte[Short.toUnsignedInt(b.getShort())];
        b.get(a);
        peers.add(new StorePeer(store, new String(a, StandardCharsets.UTF_8)));
      }
      if (b.hasRemaining()) {
        throw new IllegalArgumentException(b.remaining() + " trailing bytes in region meta");
      }
      return new RegionMeta(id, start, end, epoch, peers);
    } catch (java.nio.BufferUnderflowException | NegativeArraySizeException e) {
      throw new IllegalArgumentException("truncated region meta", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegionMeta m
        && id == m.id
        && Arrays.equals(start, m.start)
        && Arrays.equals(end, m.end)
        && epoch.equals(m.epoch)
        && peers.equals(m.peers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, Arrays.hashCode(start), Arrays.hashCode(end), epoch, peers);
  }

  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    return "Region{" + id + " [" + hex.formatHex(start) + ", " + hex.formatHex(end) + ") "
        + epoch + " " + peers + "}";
  }
}
