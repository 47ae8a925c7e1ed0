package io.cairn.tikv.copr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.tikv.region.KeyRange;
import io.cairn.tikv.region.RegionVerId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoprCacheTest {

  private static final RegionVerId REGION = new RegionVerId(7, 1, 3);
  private static final byte[] DAG = {1, 2, 3};

  private static List<KeyRange> ranges(String... bounds) {
    List<KeyRange> out = new java.util.ArrayList<>();
    for (int i = 0; i < bounds.length; i += 2) {
      out.add(new KeyRange(bounds[i].getBytes(StandardCharsets.UTF_8), bounds[i + 1].getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  private static CoprCache.CacheKey key(long ts) {
    return CoprCache.key(REGION, 201, ts, ranges("a", "m"), DAG);
  }

  @Test
  void anAnswerIsFoundByEveryDeterminantAndOnlyByThem() {
    CoprCache cache = new CoprCache(1 << 20, 1 << 20);
    byte[] answer = {9, 9};
    cache.put(key(100), answer);
    assertThat(cache.get(CoprCache.key(REGION, 201, 100, ranges("a", "m"), DAG.clone()))).isSameAs(answer);
    assertThat(cache.get(key(101))).as("another start ts").isNull();
    assertThat(cache.get(CoprCache.key(new RegionVerId(7, 1, 4), 201, 100, ranges("a", "m"), DAG))).as("another epoch").isNull();
    assertThat(cache.get(CoprCache.key(new RegionVerId(8, 1, 3), 201, 100, ranges("a", "m"), DAG))).as("another region").isNull();
    assertThat(cache.get(CoprCache.key(REGION, 201, 100, ranges("a", "l"), DAG))).as("another range").isNull();
    assertThat(cache.get(CoprCache.key(REGION, 201, 100, ranges("a", "f", "g", "m"), DAG))).as("split ranges").isNull();
    assertThat(cache.get(CoprCache.key(REGION, 201, 100, ranges("a", "m"), new byte[] {1, 2, 4}))).as("another DAG").isNull();
    assertThat(cache.get(CoprCache.key(REGION, 202, 100, ranges("a", "m"), DAG))).as("another tp").isNull();
    // "ab"+"c" and "a"+"bc" must not collide: lengths are part of the key.
    assertThat(CoprCache.key(REGION, 201, 1, ranges("ab", "c"), DAG))
        .isNotEqualTo(CoprCache.key(REGION, 201, 1, ranges("a", "bc"), DAG));
    assertThat(cache.hits()).isEqualTo(1);
    assertThat(cache.misses()).isEqualTo(7);
  }

  @Test
  void leastRecentlyUsedAnswersGoFirstWhenTheBytesExceedTheCapacity() {
    long entry = key(1).size() + 100 + CoprCache.ENTRY_OVERHEAD;
    CoprCache cache = new CoprCache(3 * entry, 1 << 20);
    cache.put(key(1), new byte[100]);
    cache.put(key(2), new byte[100]);
    cache.put(key(3), new byte[100]);
    assertThat(cache.get(key(1))).isNotNull(); // 1 is now the most recent
    cache.put(key(4), new byte[100]);
    assertThat(cache.get(key(2))).as("the least recently used").isNull();
    assertThat(cache.get(key(1))).isNotNull();
    assertThat(cache.get(key(3))).isNotNull();
    assertThat(cache.get(key(4))).isNotNull();
    assertThat(cache.usedBytes()).isEqualTo(3 * entry);
    assertThat(cache.evicted()).isEqualTo(1);
  }

  @Test
  void answersOverTheAdmissionLimitAreNotKept() {
    CoprCache cache = new CoprCache(1 << 20, 10);
    cache.put(key(1), new byte[11]);
    cache.put(key(2), new byte[10]);
    assertThat(cache.get(key(1))).isNull();
    assertThat(cache.get(key(2))).isNotNull();
    assertThat(cache.admitted()).isEqualTo(1);
  }

  @Test
  void shrinkingEvictsAndZeroDisablesAndEmpties() {
    CoprCache cache = new CoprCache(1 << 20, 1 << 20);
    for (int i = 0; i < 10; i++) {
      cache.put(key(i), new byte[1000]);
    }
    long entry = key(0).size() + 1000 + CoprCache.ENTRY_OVERHEAD;
    cache.setCapacityBytes(2 * entry);
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.get(key(9))).isNotNull();
    cache.setCapacityBytes(0);
    assertThat(cache.enabled()).isFalse();
    assertThat(cache.size()).isZero();
    assertThat(cache.usedBytes()).isZero();
    cache.put(key(1), new byte[1]);
    assertThat(cache.size()).as("a disabled cache keeps nothing").isZero();
    assertThatThrownBy(() -> cache.setCapacityBytes(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void capacitiesAreGivenInMibAsTidbDoes() {
    assertThat(CopConfig.capacityFromMib("x", "64")).isEqualTo(64L << 20);
    assertThat(CopConfig.capacityFromMib("x", "0.5")).isEqualTo(1L << 19);
    assertThat(CopConfig.capacityFromMib("x", "0")).isZero();
    assertThat(CopConfig.capacityToMib(1L << 19)).isEqualTo("0.5");
    assertThatThrownBy(() -> CopConfig.capacityFromMib("copr-cache.capacity-mb", "lots"))
        .hasMessageContaining("copr-cache.capacity-mb");
    assertThatThrownBy(() -> CopConfig.capacityFromMib("x", "2000000")).isInstanceOf(IllegalArgumentException.class);
  }
}
