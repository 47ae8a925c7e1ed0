package io.cairn.tikv.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.codec.MemComparableBytes;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.RegionEpoch;
import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.pd.CodecPdClient;
import io.cairn.tikv.pd.PdException;
import io.cairn.tikv.retry.Backoffer;
import io.cairn.tikv.testing.ManualClock;
import io.cairn.tikv.testing.ModelPd;
import io.cairn.tikv.testing.RecordingSleeper;
import io.cairn.tikv.testing.Regions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Routing user keys through {@link CodecPdClient} against a PD (the model) whose regions have
 * memcomparable-encoded boundaries: for random split points and random keys, the region the
 * cache picks for user key {@code k} is the region PD holds {@code enc(k)} in — also after a
 * node's EpochNotMatch reported further splits in encoded form, and for boundaries that carry
 * bytes after an encoding (a split between versions of one key). Replay a failure with its seed.
 */
class CodecRoutingPropertyTest {

  private static final byte[] ALPHABET = {0x00, 0x01, 0x41, 0x7f, (byte) 0x80, (byte) 0xf7, (byte) 0xfe, (byte) 0xff};
  private static final HexFormat HEX = HexFormat.of();

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 7, 42, 1234, 99991, 314159, 271828, 5555})
  void routingByUserKeyEqualsRoutingByEncodedKey(long seed) {
    try {
      run(seed);
    } catch (AssertionError e) {
      throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
    }
  }

  private void run(long seed) {
    Random random = new Random(seed);
    ModelPd pd = new ModelPd();
    List<byte[]> bounds = randomBoundaries(random, 1 + random.nextInt(12));
    pd.setRegions(tile(bounds, 1, 1));
    ManualClock clock = new ManualClock();
    TikvClientConfig config = TikvClientConfig.defaults().withRegionCacheTtl(Duration.ofSeconds(600), Duration.ofSeconds(60));
    RegionCache cache = new RegionCache(new CodecPdClient(pd), config, new StoreHealth(3, Duration.ofSeconds(10), clock), clock, new Random(seed));
    Backoffer bo = new Backoffer(Backoffer.GET_BUDGET_MS, new RecordingSleeper(), new Random(seed));

    checkRouting(random, pd, cache, bo);

    // A node splits every region further and reports the new regions (encoded) in an
    // EpochNotMatch for each stale entry; PD has heard of none of it.
    List<byte[]> finer = new ArrayList<>(bounds);
    finer.addAll(randomBoundaries(random, 1 + random.nextInt(12)));
    List<Region> split = tile(dedupe(finer), 1000, 2);
    for (CachedRegion stale : cache.snapshot()) {
      List<Region> current = new ArrayList<>();
      for (Region r : split) {
        if (overlaps(r, stale, pd)) {
          current.add(r);
        }
      }
      cache.onEpochNotMatch(stale.verId(), current);
    }
    int pdCalls = pd.getRegionCalls.get();
    pd.setRegions(split);
    checkRouting(random, pd, cache, bo);
    assertThat(pd.getRegionCalls.get()).as("the node's regions replaced the stale entries").isEqualTo(pdCalls);
  }

  /** Random user keys (boundaries and their neighbours among them) route as their encodings. */
  private static void checkRouting(Random random, ModelPd pd, RegionCache cache, Backoffer bo) {
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      keys.add(randomKey(random));
    }
    for (Region r : pd.regions()) {
      byte[] start = CodecPdClient.decodeBoundary(r.getStartKey().toByteArray());
      keys.add(start);
      keys.add(Arrays.copyOf(start, start.length + 1));
      if (start.length > 0) {
        keys.add(Arrays.copyOf(start, start.length - 1));
      }
    }
    for (byte[] k : keys) {
      Region expected = pd.regionOf(MemComparableBytes.encode(k));
      CachedRegion got = cache.locateKey(k, bo);
      assertThat(got.id()).as("user key %s (encoded %s) in %s", HEX.formatHex(k), HEX.formatHex(MemComparableBytes.encode(k)), got)
          .isEqualTo(expected.getId());
      assertThat(got.contains(k)).isTrue();
    }
    // Ranges split by region: every piece lies in the region its keys route to.
    TreeSet<byte[]> sorted = new TreeSet<>(Arrays::compareUnsigned);
    for (int i = 0; i < 6; i++) {
      sorted.add(randomKey(random));
    }
    List<byte[]> ends = new ArrayList<>(sorted);
    List<io.cairn.tikv.region.KeyRange> ranges = new ArrayList<>();
    for (int i = 0; i + 1 < ends.size(); i += 2) {
      ranges.add(new io.cairn.tikv.region.KeyRange(ends.get(i), ends.get(i + 1)));
    }
    for (RegionRanges rr : cache.splitRangesByRegion(ranges, bo)) {
      for (io.cairn.tikv.region.KeyRange piece : rr.ranges()) {
        assertThat(pd.regionOf(MemComparableBytes.encode(piece.start())).getId()).isEqualTo(rr.region().id());
      }
    }
  }

  private static boolean overlaps(Region encoded, CachedRegion userKeyed, ModelPd pd) {
    byte[] s = CodecPdClient.decodeBoundary(encoded.getStartKey().toByteArray());
    byte[] e = CodecPdClient.decodeBoundary(encoded.getEndKey().toByteArray());
    boolean endsAfter = e.length == 0 || Arrays.compareUnsigned(e, userKeyed.startKey()) > 0;
    boolean startsBefore = userKeyed.endKey().length == 0 || Arrays.compareUnsigned(s, userKeyed.endKey()) < 0;
    return endsAfter && startsBefore;
  }

  /**
   * Sorted distinct encoded boundaries: encodings of random user keys, one in four followed by
   * eight more bytes (a split key with a timestamp).
   */
  private static List<byte[]> randomBoundaries(Random random, int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] enc = MemComparableBytes.encode(randomKey(random));
      if (random.nextInt(4) == 0) {
        byte[] withTs = Arrays.copyOf(enc, enc.length + 8);
        for (int j = enc.length; j < withTs.length; j++) {
          withTs[j] = (byte) random.nextInt(256);
        }
        enc = withTs;
      }
      out.add(enc);
    }
    return dedupe(out);
  }

  private static List<byte[]> dedupe(List<byte[]> keys) {
    TreeSet<byte[]> set = new TreeSet<>(Arrays::compareUnsigned);
    set.addAll(keys);
    return new ArrayList<>(set);
  }

  private static byte[] randomKey(Random random) {
    // Lengths around the 8-byte group size, from a small alphabet so keys share prefixes.
    byte[] k = new byte[random.nextInt(19)];
    for (int i = 0; i < k.length; i++) {
      k[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return k;
  }

  /** Regions tiling the key space at the (encoded) boundaries, ids from {@code firstId}. */
  private static List<Region> tile(List<byte[]> bounds, long firstId, long version) {
    List<Region> out = new ArrayList<>();
    byte[] start = new byte[0];
    long id = firstId;
    for (int i = 0; i <= bounds.size(); i++) {
      byte[] end = i < bounds.size() ? bounds.get(i) : new byte[0];
      out.add(Region.newBuilder().setId(id).setStartKey(ByteString.copyFrom(start)).setEndKey(ByteString.copyFrom(end))
          .setRegionEpoch(RegionEpoch.newBuilder().setConfVer(1).setVersion(version))
          .addPeers(Regions.peer(id, 1)).build());
      id++;
      start = end;
    }
    return out;
  }

  @Test
  void aBoundaryThatIsNoEncodingFailsTheLookupLoudly() {
    ModelPd pd = new ModelPd();
    pd.setRegions(List.of(
        Regions.region(1, "", "abc", 1, 1, 1),
        Regions.region(2, "abc", "", 1, 1, 1)));
    CodecPdClient codec = new CodecPdClient(pd);
    assertThatThrownBy(() -> codec.getRegion(new byte[] {'z'}))
        .isInstanceOfSatisfying(PdException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("616263")
        .hasMessageContaining("not memcomparable-encoded");
  }

  @Test
  void emptyBoundariesAndLookupsOfTheEmptyKeyPassThrough() {
    ModelPd pd = new ModelPd();
    pd.setRegions(List.of(Regions.encodedRegion(1, "", "m", 1, 1, 1), Regions.encodedRegion(2, "m", "", 1, 1, 1)));
    CodecPdClient codec = new CodecPdClient(pd);
    assertThat(codec.getRegion(new byte[0]).orElseThrow().meta().getId()).isEqualTo(1);
    assertThat(codec.getRegion(new byte[] {'m'}).orElseThrow().meta().getEndKey().isEmpty()).isTrue();
    assertThat(codec.getRegion(new byte[] {'m'}).orElseThrow().meta().getStartKey().toStringUtf8()).isEqualTo("m");
    assertThat(codec.scanRegions(new byte[0], new byte[0], 0)).extracting(r -> r.meta().getId()).containsExactly(1L, 2L);
    assertThat(codec.scanRegions(new byte[] {'n'}, new byte[0], 0)).extracting(r -> r.meta().getId()).containsExactly(2L);
    assertThat(codec.scanRegions(new byte[0], new byte[] {'m'}, 0)).extracting(r -> r.meta().getId()).containsExactly(1L);
  }
}
