package io.cairn.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.codec.ColumnType;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link KeySpans} algebra against a model: sets of the integers -20..20 (and NULL) built from
 * points and ranges by random unions and intersections hold, as datum spans, exactly the datums
 * of the model's members.
 */
class KeySpansTest {
  private static final int MIN = -20;
  private static final int MAX = 20;
  /** Bit {@code v - MIN} for v, bit {@code MAX - MIN + 1} for NULL. */
  private static final int NULL_BIT = MAX - MIN + 1;

  private record Model(KeySpans spans, BitSet members) {}

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void unionAndIntersectionFollowTheModel(long seed) {
    Random rnd = new Random(seed);
    for (int round = 0; round < 300; round++) {
      Model m = random(rnd, 3);
      for (int v = MIN - 3; v <= MAX + 3; v++) {
        boolean expected = v >= MIN && v <= MAX && m.members().get(v - MIN);
        assertThat(contains(m.spans(), datum(v))).as("seed %d round %d: %d in %s", seed, round, v, m.members())
            .isEqualTo(expected);
      }
      assertThat(contains(m.spans(), KeySpans.NULL_DATUM)).as("seed %d round %d: NULL", seed, round)
          .isEqualTo(m.members().get(NULL_BIT));
      for (int i = 1; i < m.spans().spans().size(); i++) {
        assertThat(KeySpans.compare(m.spans().spans().get(i - 1).end(), m.spans().spans().get(i).start()))
            .as("seed %d round %d: sorted and disjoint", seed, round).isLessThanOrEqualTo(0);
      }
    }
  }

  @Test
  void pointsStayPointsThroughUnionAndIntersection() {
    KeySpans p = KeySpans.point(datum(5)).union(KeySpans.point(datum(6))).union(KeySpans.NULL_ONLY);
    assertThat(p.allPoints()).isTrue();
    assertThat(p.spans()).hasSize(3);
    KeySpans cut = p.intersect(KeySpans.range(datum(6), KeySpans.END));
    assertThat(cut.allPoints()).isTrue();
    assertThat(cut.spans()).singleElement().satisfies(s -> assertThat(s.start()).isEqualTo(datum(6)));
    assertThat(KeySpans.point(datum(5)).union(KeySpans.range(datum(4), datum(7))).allPoints()).isFalse();
    assertThat(KeySpans.range(datum(7), datum(7)).isEmpty()).isTrue();
  }

  private static Model random(Random rnd, int depth) {
    if (depth == 0 || rnd.nextInt(3) == 0) {
      BitSet b = new BitSet();
      switch (rnd.nextInt(4)) {
        case 0 -> {
          int v = MIN + rnd.nextInt(MAX - MIN + 1);
          b.set(v - MIN);
          return new Model(KeySpans.point(datum(v)), b);
        }
        case 1 -> {
          b.set(NULL_BIT);
          return new Model(KeySpans.NULL_ONLY, b);
        }
        default -> {
          int lo = MIN + rnd.nextInt(MAX - MIN + 1);
          int hi = MIN + rnd.nextInt(MAX - MIN + 1);
          if (lo <= hi) {
            b.set(lo - MIN, hi - MIN + 1);
          }
          // [datum(lo), datum(hi + 1)): hi + 1 may lie outside the model, which ends at MAX.
          return new Model(KeySpans.range(datum(lo), datum(hi + 1)), b);
        }
      }
    }
    Model a = random(rnd, depth - 1);
    Model b = random(rnd, depth - 1);
    BitSet members = (BitSet) a.members().clone();
    if (rnd.nextBoolean()) {
      members.or(b.members());
      return new Model(a.spans().union(b.spans()), members);
    }
    members.and(b.members());
    return new Model(a.spans().intersect(b.spans()), members);
  }

  private static byte[] datum(long v) {
    return KeySpans.encode(ColumnType.INT64, v);
  }

  private static boolean contains(KeySpans spans, byte[] datum) {
    return spans.spans().stream()
        .anyMatch(s -> KeySpans.compare(s.start(), datum) <= 0 && KeySpans.compare(datum, s.end()) < 0);
  }
}
