package io.cairn.storage.pd;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.proto.metapb.Region;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Who this store is: the cluster it belongs to and the id PD gave it, plus the cluster's first
 * region while a bootstrap by this store is unconfirmed. The node persists it (where is its
 * business, e.g. one key in CF {@code raft}) and hands it back on every start.
 *
 * <p>Encoding ({@link #encode}), big-endian:
 * <pre>
 *   offset  size  field
 *   0       1     format version, 1
 *   1       8     cluster id (u64)
 *   9       8     store id (u64)
 *   17      4     n = length of the pending first region, 0 when there is none (u32)
 *   21      n     the pending first region, a metapb.Region protobuf
 *   21+n    4     CRC-32C of bytes [0, 21+n)
 * </pre>
 *
 * @param clusterId the cluster's id, never 0
 * @param storeId this store's id, never 0
 * @param pendingFirstRegion the first region this store asked PD to bootstrap the cluster
 *     with, until PD confirmed it and the node created it; {@code null} otherwise
 */
public record StoreIdent(long clusterId, long storeId, Region pendingFirstRegion) {

  private static final byte FORMAT = 1;
  private static final int FIXED = 1 + 8 + 8 + 4;

  public StoreIdent {
    if (clusterId == 0 || storeId == 0) {
      throw new IllegalArgumentException("cluster id and store id must be set: " + clusterId
          + ", " + storeId);
    }
  }

  public StoreIdent(long clusterId, long storeId) {
    this(clusterId, storeId, null);
  }

  public StoreIdent withPendingFirstRegion(Region region) {
    return new StoreIdent(clusterId, storeId, region);
  }

  public byte[] encode() {
    byte[] region = pendingFirstRegion == null ? new byte[0] : pendingFirstRegion.toByteArray();
    ByteBuffer b = ByteBuffer.allocate(FIXED + region.length + 4);
    b.put(FORMAT).putLong(clusterId).putLong(storeId).putInt(region.length).put(region);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /**
   * Decodes {@link #encode}'s output.
   *
   * @throws IllegalArgumentException when the bytes are truncated, corrupt or of an unknown
   *     format version
   */
  public static StoreIdent decode(byte[] bytes) {
    if (bytes.length < FIXED + 4) {
      throw new IllegalArgumentException("store ident too short: " + bytes.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte format = b.get();
    if (format != FORMAT) {
      throw new IllegalArgumentException("unknown store ident format " + format);
    }
    long clusterId = b.getLong();
    long storeId = b.getLong();
    int n = b.getInt();
    if (n < 0 || n != bytes.length - FIXED - 4) {
      throw new IllegalArgumentException("store ident region length " + Integer.toUnsignedString(n)
          + " does not fit " + bytes.length + " bytes");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, FIXED + n);
    int stored = ByteBuffer.wrap(bytes, FIXED + n, 4).getInt();
    if (stored != (int) crc.getValue()) {
      throw new IllegalArgumentException("store ident checksum mismatch");
    }
    Region region = null;
    if (n > 0) {
      try {
        region = Region.parseFrom(ByteBuffer.wrap(bytes, FIXED, n));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalArgumentException("corrupt pending region in store ident", e);
      }
    }
    return new StoreIdent(clusterId, storeId, region);
  }
}
