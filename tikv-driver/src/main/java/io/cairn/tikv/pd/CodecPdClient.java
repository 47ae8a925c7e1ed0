package io.cairn.tikv.pd;

import com.google.protobuf.ByteString;
import io.cairn.codec.CodecException;
import io.cairn.codec.MemComparableBytes;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.Store;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link PdClient} in the user-key space of transactional mode, over one in PD's key space
 * (client-go's {@code CodecPDClient}). In transactional mode PD and the storage nodes keep region
 * boundaries memcomparable-encoded ({@link MemComparableBytes}: 8-byte groups and a pad marker),
 * while the driver routes user keys. This decorator is the one place that translates: lookup
 * keys are encoded on the way to PD, and the boundaries of every region that comes back — from
 * PD, or from a node's {@code EpochNotMatch} through {@link #fromNodeRegions} — are decoded. The
 * region cache and the request sender above it see user keys only. Raw-KV mode (unencoded
 * boundaries) uses the inner client directly.
 *
 * <p>Encoding preserves order, so a user key {@code k} lies in a region {@code [enc(s), enc(e))}
 * exactly when it lies in {@code [s, e)}. A boundary that is an encoding followed by more bytes
 * ({@code enc(s) ++ x}, a split inside the versions of {@code s}) decodes to {@code s ++ 00}, the
 * smallest user key above {@code s}, which routes every user key exactly as the encoded boundary
 * does (no encoding is a prefix of another). A boundary that is no encoding at all cannot be
 * expressed as a user key: it fails the lookup with a non-retryable {@link PdException}. Empty
 * keys (the ends of the key space) pass through unchanged. A region that holds no user key at
 * all is left out of every answer ({@link #decodeRegion}): {@link #getRegionById} reports it
 * as unknown.
 *
 * <p>Timestamps, stores and the GC safe point pass through. Thread-safe as the inner client; {@link #close()} closes
 * it.
 */
public final class CodecPdClient implements PdClient {

  private final PdClient inner;

  public CodecPdClient(PdClient inner) {
    this.inner = inner;
  }

  /** The client in PD's key space this one translates for. */
  public PdClient inner() {
    return inner;
  }

  /** The key PD compares for user key {@code key}: its encoding, or empty for empty. */
  public static byte[] encodeKey(byte[] key) {
    return key.length == 0 ? key : MemComparableBytes.encode(key);
  }

  /**
   * The user key that bounds regions exactly where the encoded {@code boundary} does.
   *
   * @throws PdException (not retryable) when the boundary is not memcomparable-encoded
   */
  public static byte[] decodeBoundary(byte[] boundary) {
    if (boundary.length == 0) {
      return boundary;
    }
    MemComparableBytes.Decoded d;
    try {
      d = MemComparableBytes.decode(boundary, 0);
    } catch (CodecException e) {
      throw new PdException("region boundary " + HexFormat.of().formatHex(boundary)
          + " is not memcomparable-encoded, as transactional mode requires: " + e.getMessage(), false, e);
    }
    if (d.nextOffset() == boundary.length) {
      return d.value();
    }
    return Arrays.copyOf(d.value(), d.value().length + 1);
  }

  /**
   * {@code region} with decoded boundaries, or empty when it holds no user key: between two
   * boundaries that decode to one user key, or before the encoding of the empty key (whose
   * end would decode to the empty key, which means "unbounded").
   *
   * @throws PdException (not retryable) when a boundary is not memcomparable-encoded
   */
  public static Optional<Region> decodeRegion(Region region) {
    byte[] start = decodeBoundary(region.getStartKey().toByteArray());
    byte[] end = decodeBoundary(region.getEndKey().toByteArray());
    if (!region.getEndKey().isEmpty() && (end.length == 0 || Arrays.compareUnsigned(start, end) >= 0)) {
      return Optional.empty();
    }
    return Optional.of(region.toBuilder().setStartKey(ByteString.copyFrom(start)).setEndKey(ByteString.copyFrom(end)).build());
  }

  private static Optional<PdRegion> decode(PdRegion r) {
    return decodeRegion(r.meta()).map(meta -> new PdRegion(meta, r.leader(), r.downPeers()));
  }

  @Override
  public long clusterId() {
    return inner.clusterId();
  }

  @Override
  public long getTimestamp() {
    return inner.getTimestamp();
  }

  @Override
  public CompletableFuture<Long> getTimestampAsync() {
    return inner.getTimestampAsync();
  }

  @Override
  public Optional<PdRegion> getRegion(byte[] key) {
    // An empty user key is the smallest one; its encoding is what PD must route.
    return inner.getRegion(MemComparableBytes.encode(key)).flatMap(CodecPdClient::decode);
  }

  @Override
  public Optional<PdRegion> getRegionById(long regionId) {
    return inner.getRegionById(regionId).flatMap(CodecPdClient::decode);
  }

  @Override
  public List<PdRegion> scanRegions(byte[] startKey, byte[] endKey, int limit) {
    List<PdRegion> out = new ArrayList<>();
    for (PdRegion r : inner.scanRegions(encodeKey(startKey), encodeKey(endKey), limit)) {
      decode(r).ifPresent(out::add);
    }
    return out;
  }

  @Override
  public List<Region> fromNodeRegions(List<Region> nodeRegions) {
    List<Region> out = new ArrayList<>(nodeRegions.size());
    for (Region r : nodeRegions) {
      decodeRegion(r).ifPresent(out::add);
    }
    return out;
  }

  @Override
  public Optional<Store> getStore(long storeId) {
    return inner.getStore(storeId);
  }

  @Override
  public List<Store> getAllStores() {
    return inner.getAllStores();
  }

  @Override
  public long getGcSafePoint() {
    return inner.getGcSafePoint();
  }

  @Override
  public void invalidateStore(long storeId) {
    inner.invalidateStore(storeId);
  }

  @Override
  public void close() {
    inner.close();
  }
}
