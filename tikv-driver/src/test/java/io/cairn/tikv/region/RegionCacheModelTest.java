package io.cairn.tikv.region;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.RegionEpoch;
import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.retry.Backoffer;
import io.cairn.tikv.testing.ManualClock;
import io.cairn.tikv.testing.ModelPd;
import io.cairn.tikv.testing.RecordingSleeper;
import io.cairn.tikv.testing.Regions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The region cache against a model PD whose regions split and merge at random: every lookup
 * answers either the true region or a stale one that the node's EpochNotMatch corrects, and the
 * cache stays sorted and non-overlapping. Replay a failure with its seed.
 */
class RegionCacheModelTest {

  private static final byte[] ALPHABET = {0x00, 0x01, 0x41, 0x7f, (byte) 0x80, (byte) 0xfe, (byte) 0xff};

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 1234, 99991, 314159, 271828})
  void lookupsFollowRandomSplitsAndMerges(long seed) {
    try {
      run(seed);
    } catch (AssertionError e) {
      throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
    }
  }

  private void run(long seed) {
    Random random = new Random(seed);
    ModelPd pd = new ModelPd();
    long nextId = 2;
    pd.setRegions(List.of(Regions.region(1, "", "", 1, 1, 1, 2, 3)));
    ManualClock clock = new ManualClock();
    TikvClientConfig config = TikvClientConfig.defaults().withRegionCacheTtl(Duration.ofSeconds(600), Duration.ofSeconds(60));
    RegionCache cache = new RegionCache(pd, config, new StoreHealth(3, Duration.ofSeconds(10), clock), clock, new Random(seed));
    Backoffer bo = new Backoffer(Backoffer.GET_BUDGET_MS, new RecordingSleeper(), new Random(seed));

    for (int round = 0; round < 40; round++) {
      int changes = random.nextInt(4);
      for (int c = 0; c < changes; c++) {
        if (random.nextInt(4) == 0 && pd.regions().size() > 1) {
          nextId = merge(pd, random, nextId);
        } else {
          nextId = split(pd, random, nextId);
        }
      }
      if (random.nextInt(10) == 0) {
        clock.advance(Duration.ofSeconds(661));
      }
      for (int i = 0; i < 30; i++) {
        byte[] key = randomKey(random);
        Region truth = pd.regionOf(key);
        CachedRegion got = cache.locateKey(key, bo);
        assertThat(got.contains(key)).as("located region contains the key").isTrue();
        if (!got.verId().equals(RegionVerId.of(truth))) {
          // What a node would answer for the stale epoch: the regions now covering its range.
          cache.onEpochNotMatch(got.verId(), overlapping(pd, got));
          got = cache.locateKey(key, bo);
        }
        assertThat(got.verId()).as("region of %s", Arrays.toString(key)).isEqualTo(RegionVerId.of(truth));
        assertSortedAndDisjoint(cache.snapshot());
      }
      checkGrouping(cache, bo, random);
      checkRangeSplitting(cache, bo, random);
    }
    assertThat(cache.metrics().hits()).isPositive();
  }

  private static byte[] randomKey(Random random) {
    byte[] k = new byte[1 + random.nextInt(3)];
    for (int i = 0; i < k.length; i++) {
      k[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return k;
  }

  private static long split(ModelPd pd, Random random, long nextId) {
    byte[] at = randomKey(random);
    Region r = pd.regionOf(at);
    if (Arrays.equals(r.getStartKey().toByteArray(), at)) {
      return nextId;
    }
    long version = r.getRegionEpoch().getVersion() + 1;
    Region left = r.toBuilder().setEndKey(ByteString.copyFrom(at)).setRegionEpoch(epoch(r, version)).build();
    Region right = r.toBuilder().setId(nextId).setStartKey(ByteString.copyFrom(at)).setRegionEpoch(epoch(r, version)).build();
    List<Region> next = new ArrayList<>(pd.regions());
    next.remove(r);
    next.add(left);
    next.add(right);
    pd.setRegions(next);
    return nextId + 1;
  }

  private static long merge(ModelPd pd, Random random, long nextId) {
    List<Region> rs = pd.regions();
    int i = random.nextInt(rs.size() - 1);
    Region left = rs.get(i);
    Region right = rs.get(i + 1);
    long version = Math.max(left.getRegionEpoch().getVersion(), right.getRegionEpoch().getVersion()) + 1;
    Region merged = left.toBuilder().setEndKey(right.getEndKey()).setRegionEpoch(epoch(left, version)).build();
    List<Region> next = new ArrayList<>(rs);
    next.remove(left);
    next.remove(right);
    next.add(merged);
    pd.setRegions(next);
    return nextId;
  }

  private static RegionEpoch epoch(Region r, long version) {
    return r.getRegionEpoch().toBuilder().setVersion(version).build();
  }

  private static List<Region> overlapping(ModelPd pd, CachedRegion stale) {
    byte[] end = stale.endKey();
    return pd.scanRegions(stale.startKey(), end, 0).stream().map(p -> p.meta()).toList();
  }

  private static void assertSortedAndDisjoint(List<CachedRegion> snapshot) {
    for (int i = 1; i < snapshot.size(); i++) {
      byte[] prevEnd = snapshot.get(i - 1).endKey();
      assertThat(prevEnd).as("only the last region is unbounded").isNotEmpty();
      assertThat(Arrays.compareUnsigned(prevEnd, snapshot.get(i).startKey()))
          .as("%s ends before %s starts", snapshot.get(i - 1), snapshot.get(i))
          .isLessThanOrEqualTo(0);
    }
  }

  private static void checkGrouping(RegionCache cache, Backoffer bo, Random random) {
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      keys.add(randomKey(random));
    }
    if (random.nextBoolean()) {
      keys.sort(Arrays::compareUnsigned);
    }
    List<RegionKeys> groups = cache.groupKeysByRegion(keys, bo);
    int total = 0;
    java.util.Set<Long> ids = new java.util.HashSet<>();
    for (RegionKeys g : groups) {
      assertThat(ids.add(g.region().id())).as("one group per region").isTrue();
      for (byte[] k : g.keys()) {
        assertThat(g.region().contains(k)).as("%s holds %s", g.region(), Arrays.toString(k)).isTrue();
      }
      total += g.keys().size();
    }
    assertThat(total).isEqualTo(keys.size());
  }

  private static void checkRangeSplitting(RegionCache cache, Backoffer bo, Random random) {
    TreeSet<byte[]> bounds = new TreeSet<>(Arrays::compareUnsigned);
    int n = 2 + 2 * random.nextInt(3);
    while (bounds.size() < n) {
      bounds.add(randomKey(random));
    }
    List<byte[]> sorted = new ArrayList<>(bounds);
    List<KeyRange> ranges = new ArrayList<>();
    for (int i = 0; i + 1 < sorted.size(); i += 2) {
      byte[] end = (i + 2 == sorted.size() && random.nextBoolean()) ? new byte[0] : sorted.get(i + 1);
      ranges.add(new KeyRange(sorted.get(i), end));
    }
    List<KeyRange> pieces = new ArrayList<>();
    for (RegionRanges rr : cache.splitRangesByRegion(ranges, bo)) {
      for (KeyRange piece : rr.ranges()) {
        assertThat(rr.region().contains(piece.start())).as("%s starts in %s", piece, rr.region()).isTrue();
        byte[] regionEnd = rr.region().endKey();
        if (regionEnd.length > 0) {
          assertThat(piece.end()).as("%s ends in %s", piece, rr.region()).isNotEmpty();
          assertThat(Arrays.compareUnsigned(piece.end(), regionEnd)).isLessThanOrEqualTo(0);
        }
        pieces.add(piece);
      }
    }
    // Gluing adjacent pieces gives back the ranges.
    List<KeyRange> glued = new ArrayList<>();
    for (KeyRange p : pieces) {
      KeyRange last = glued.isEmpty() ? null : glued.get(glued.size() - 1);
      if (last != null && Arrays.equals(last.end(), p.start()) && last.end().length > 0) {
        glued.set(glued.size() - 1, new KeyRange(last.start(), p.end()));
      } else {
        glued.add(p);
      }
    }
    assertThat(glued).isEqualTo(ranges);
  }
}
