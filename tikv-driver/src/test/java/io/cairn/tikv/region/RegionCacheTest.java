package io.cairn.tikv.region;

import static io.cairn.tikv.testing.Regions.key;
import static io.cairn.tikv.testing.Regions.peer;
import static io.cairn.tikv.testing.Regions.region;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.proto.metapb.Peer;
import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.pd.PdException;
import io.cairn.tikv.retry.BackoffExhaustedException;
import io.cairn.tikv.retry.BackoffKind;
import io.cairn.tikv.retry.Backoffer;
import io.cairn.tikv.testing.ManualClock;
import io.cairn.tikv.testing.ModelPd;
import io.cairn.tikv.testing.RecordingSleeper;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegionCacheTest {

  private final ModelPd pd = new ModelPd();
  private final ManualClock clock = new ManualClock();
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private RegionCache cache;
  private Backoffer bo;

  @BeforeEach
  void setUp() {
    pd.setRegions(List.of(region(1, "", "g", 1, 1, 1, 2, 3), region(2, "g", "p", 1, 1, 1, 2, 3), region(3, "p", "", 1, 1, 1, 2, 3)));
    TikvClientConfig config = TikvClientConfig.defaults().withRegionCacheTtl(Duration.ofSeconds(600), Duration.ofSeconds(60));
    cache = new RegionCache(pd, config, new StoreHealth(3, Duration.ofSeconds(10), clock), clock, new Random(7));
    bo = new Backoffer(Backoffer.GET_BUDGET_MS, sleeper, new Random(7));
  }

  @Test
  void aSecondLookupIsAHit() {
    assertThat(cache.locateKey(key("h"), bo).id()).isEqualTo(2);
    assertThat(cache.locateKey(key("o"), bo).id()).isEqualTo(2);
    assertThat(cache.locateKey(key("g"), bo).id()).isEqualTo(2);
    assertThat(pd.getRegionCalls.get()).isEqualTo(1);
    assertThat(cache.metrics().hits()).isEqualTo(2);
    assertThat(cache.metrics().misses()).isEqualTo(1);
  }

  @Test
  void entriesExpireAfterTheTtlPlusAtMostTheJitter() {
    cache.locateKey(key("a"), bo);
    clock.advance(Duration.ofSeconds(599));
    cache.locateKey(key("a"), bo);
    assertThat(pd.getRegionCalls.get()).as("still fresh before the TTL").isEqualTo(1);
    clock.advance(Duration.ofSeconds(62));
    cache.locateKey(key("a"), bo);
    assertThat(pd.getRegionCalls.get()).as("reloaded after TTL + jitter").isEqualTo(2);
  }

  @Test
  void jitterSpreadsTheExpiryOfRegionsLoadedTogether() {
    for (String k : List.of("a", "h", "q")) {
      cache.locateKey(key(k), bo);
    }
    long distinctExpiries = cache.snapshot().stream().mapToLong(CachedRegion::expiresAtNanos).distinct().count();
    assertThat(distinctExpiries).isEqualTo(3);
    for (CachedRegion r : cache.snapshot()) {
      long ttl = r.expiresAtNanos() - clock.getAsLong();
      assertThat(ttl).isBetween(Duration.ofSeconds(600).toNanos(), Duration.ofSeconds(660).toNanos());
    }
  }

  @Test
  void invalidationDropsTheEntryAndCountsTheReason() {
    CachedRegion r = cache.locateKey(key("h"), bo);
    cache.invalidate(r.verId(), InvalidReason.REGION_NOT_FOUND);
    assertThat(cache.cached(2)).isEmpty();
    assertThat(cache.metrics().invalidations(InvalidReason.REGION_NOT_FOUND)).isEqualTo(1);
    cache.locateKey(key("h"), bo);
    assertThat(pd.getRegionCalls.get()).isEqualTo(2);
  }

  @Test
  void invalidatingAnOlderEpochKeepsTheNewerEntry() {
    CachedRegion r = cache.locateKey(key("h"), bo);
    RegionVerId older = new RegionVerId(2, 1, 0);
    cache.invalidate(older, InvalidReason.EPOCH_NOT_MATCH);
    assertThat(cache.cached(2)).contains(r);
  }

  @Test
  void notLeaderHintSwitchesTheLeaderInPlace() {
    CachedRegion r = cache.locateKey(key("h"), bo);
    assertThat(r.leader().getStoreId()).isEqualTo(1);
    assertThat(cache.switchLeader(r.verId(), peer(2, 3))).isTrue();
    CachedRegion after = cache.locateKey(key("h"), bo);
    assertThat(after.leader()).isEqualTo(peer(2, 3));
    assertThat(after.verId()).isEqualTo(r.verId());
    assertThat(cache.metrics().invalidations(InvalidReason.NOT_LEADER)).isEqualTo(1);
  }

  @Test
  void aHintOutsideThePeersDropsTheRegion() {
    CachedRegion r = cache.locateKey(key("h"), bo);
    assertThat(cache.switchLeader(r.verId(), Peer.newBuilder().setId(99).setStoreId(9).build())).isFalse();
    assertThat(cache.cached(2)).isEmpty();
    assertThat(cache.metrics().invalidations(InvalidReason.NO_LEADER_PEER)).isEqualTo(1);
  }

  @Test
  void pdLeaderHintIsUsedWhenItIsAPeer() {
    pd.setLeader(2, peer(2, 2));
    assertThat(cache.locateKey(key("h"), bo).leader()).isEqualTo(peer(2, 2));
  }

  @Test
  void epochNotMatchReplacesTheEntryAndKeepsTheLeaderStore() {
    CachedRegion r = cache.locateKey(key("h"), bo);
    cache.switchLeader(r.verId(), peer(2, 2));
    var left = region(2, "g", "k", 1, 2, 1, 2, 3);
    var right = region(7, "k", "p", 1, 2, 1, 2, 3);
    cache.onEpochNotMatch(r.verId(), List.of(left, right));
    int calls = pd.getRegionCalls.get();
    CachedRegion l = cache.locateKey(key("h"), bo);
    CachedRegion rr = cache.locateKey(key("m"), bo);
    assertThat(pd.getRegionCalls.get()).as("served from the node's regions").isEqualTo(calls);
    assertThat(l.verId()).isEqualTo(new RegionVerId(2, 1, 2));
    assertThat(rr.id()).isEqualTo(7);
    assertThat(l.leader().getStoreId()).isEqualTo(2);
    assertThat(rr.leader().getStoreId()).isEqualTo(2);
  }

  @Test
  void aStaleRegionFromPdDoesNotReplaceANewerEntry() {
    CachedRegion r = cache.locateKey(key("h"), bo);
    cache.onEpochNotMatch(r.verId(), List.of(region(2, "g", "k", 1, 2, 1, 2, 3), region(7, "k", "p", 1, 2, 1, 2, 3)));
    // PD still has the old shape and the old entry for region 2 expires.
    clock.advance(Duration.ofSeconds(700));
    CachedRegion again = cache.locateKey(key("h"), bo);
    assertThat(again.verId().version()).as("the newer epoch wins").isEqualTo(2);
  }

  @Test
  void locateByIdUsesTheCacheThenPd() {
    cache.locateKey(key("h"), bo);
    assertThat(cache.locateRegionById(2, bo)).map(CachedRegion::id).contains(2L);
    assertThat(pd.getRegionCalls.get()).isEqualTo(1);
    assertThat(cache.locateRegionById(3, bo)).map(CachedRegion::id).contains(3L);
    assertThat(cache.locateRegionById(99, bo)).isEmpty();
  }

  @Test
  void pdFailuresBackOffOnPdRpc() {
    pd.failNext.set(2);
    assertThat(cache.locateKey(key("h"), bo).id()).isEqualTo(2);
    assertThat(bo.attempts(BackoffKind.PD_RPC)).isEqualTo(2);
  }

  @Test
  void aKeyPdCannotPlaceBacksOffOnRegionMissUntilTheBudgetEnds() {
    pd.setRegions(List.of(region(1, "", "g", 1, 1, 1)));
    Backoffer small = new Backoffer(100, sleeper, new Random(1));
    assertThatThrownBy(() -> cache.locateKey(key("z"), small))
        .isInstanceOf(BackoffExhaustedException.class)
        .matches(e -> ((BackoffExhaustedException) e).kind() == BackoffKind.REGION_MISS, "region miss");
  }

  @Test
  void aFinalPdErrorIsNotRetried() {
    ModelPd failing = new ModelPd() {
      @Override
      public java.util.Optional<io.cairn.tikv.pd.PdRegion> getRegion(byte[] key) {
        throw new PdException("cluster id mismatch", false);
      }
    };
    RegionCache c = new RegionCache(failing, TikvClientConfig.defaults(), new StoreHealth(3, Duration.ofSeconds(1), clock), clock, new Random(1));
    assertThatThrownBy(() -> c.locateKey(key("a"), bo)).isInstanceOf(PdException.class);
    assertThat(sleeper.sleeps).isEmpty();
  }

  @Test
  void groupsAndRangesFollowRegionBoundaries() {
    List<RegionKeys> groups = cache.groupKeysByRegion(List.of(key("a"), key("h"), key("b"), key("z"), key("i")), bo);
    assertThat(groups).extracting(g -> g.region().id()).containsExactly(1L, 2L, 3L);
    assertThat(groups.get(0).keys()).containsExactly(key("a"), key("b"));
    assertThat(groups.get(1).keys()).containsExactly(key("h"), key("i"));
    List<RegionRanges> split = cache.splitRangesByRegion(List.of(new KeyRange(key("c"), key("d")), new KeyRange(key("e"), key("r"))), bo);
    assertThat(split).extracting(s -> s.region().id()).containsExactly(1L, 2L, 3L);
    assertThat(split.get(0).ranges()).containsExactly(new KeyRange(key("c"), key("d")), new KeyRange(key("e"), key("g")));
    assertThat(split.get(1).ranges()).containsExactly(new KeyRange(key("g"), key("p")));
    assertThat(split.get(2).ranges()).containsExactly(new KeyRange(key("p"), key("r")));
  }
}
