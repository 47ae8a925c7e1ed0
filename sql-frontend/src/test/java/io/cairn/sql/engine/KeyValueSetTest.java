package io.cairn.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.sql.catalog.SqlType;
import io.cairn.sql.catalog.TypeKind;
import io.cairn.sql.engine.KeyConditions.AnyOf;
import io.cairn.sql.engine.KeyConditions.Condition;
import io.cairn.sql.engine.KeyConditions.Eq;
import io.cairn.sql.engine.KeyConditions.In;
import io.cairn.sql.engine.KeyConditions.IsNull;
import io.cairn.sql.engine.KeyConditions.Lower;
import io.cairn.sql.engine.KeyConditions.Upper;
import io.cairn.sql.engine.KeyConditions.ValueRef;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link KeyValueSet}'s algebra against sets of small integers, and the value sets {@link
 * IndexRanges} derives from conditions under MySQL's comparison rules.
 */
class KeyValueSetTest {
  private static final int LOW = -20;
  private static final int HIGH = 20;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void intersectAndUnionMatchMembership(long seed) {
    Random rnd = new Random(seed);
    for (int round = 0; round < 200; round++) {
      boolean[] a = randomMembers(rnd);
      boolean[] b = randomMembers(rnd);
      boolean nullA = rnd.nextBoolean();
      boolean nullB = rnd.nextBoolean();
      KeyValueSet sa = toSet(a, nullA);
      KeyValueSet sb = toSet(b, nullB);
      String context = "seed " + seed + " round " + round + ": " + sa + " and " + sb;
      KeyValueSet inter = sa.intersect(sb);
      KeyValueSet union = sa.union(sb);
      for (int v = LOW; v <= HIGH; v++) {
        int i = v - LOW;
        assertThat(contains(inter, v)).as(context + " intersect at " + v).isEqualTo(a[i] && b[i]);
        assertThat(contains(union, v)).as(context + " union at " + v).isEqualTo(a[i] || b[i]);
      }
      assertThat(inter.withNull()).as(context).isEqualTo(nullA && nullB);
      assertThat(union.withNull()).as(context).isEqualTo(nullA || nullB);
      assertCanonical(inter, context);
      assertCanonical(union, context);
    }
  }

  @Test
  void conditionsBecomeTheValuesMySqlWouldMatch() {
    SqlType tiny = SqlType.of(TypeKind.TINYINT);
    assertThat(set(tiny, new Lower(c(new BigDecimal("1.5")), false))).isEqualTo(KeyValueSet.range(big(2), big(127)));
    assertThat(set(tiny, new Lower(c(new BigDecimal("1.5")), true))).isEqualTo(KeyValueSet.range(big(2), big(127)));
    assertThat(set(tiny, new Lower(c(2L), false))).isEqualTo(KeyValueSet.range(big(3), big(127)));
    assertThat(set(tiny, new Upper(c(new BigDecimal("-1.5")), true))).isEqualTo(KeyValueSet.range(big(-128), big(-2)));
    assertThat(set(tiny, new Upper(c(-1L), false))).isEqualTo(KeyValueSet.range(big(-128), big(-2)));
    assertThat(set(tiny, new Upper(c(1000L), true))).isEqualTo(KeyValueSet.range(big(-128), big(127)));
    assertThat(set(tiny, new Lower(c(1000L), true))).isEqualTo(KeyValueSet.EMPTY);
    assertThat(set(tiny, new Lower(c(null), true))).isEqualTo(KeyValueSet.EMPTY);
    assertThat(set(tiny, new Eq(c("7")))).isEqualTo(KeyValueSet.range(big(7), big(7)));
    assertThat(set(tiny, new Eq(c(7.0)))).isEqualTo(KeyValueSet.range(big(7), big(7)));
    assertThat(set(tiny, new Eq(c(7.5)))).isEqualTo(KeyValueSet.EMPTY);
    assertThat(set(tiny, new Eq(c(300L)))).isEqualTo(KeyValueSet.EMPTY);
    assertThat(set(tiny, new Eq(c(new BigDecimal("1E+30"))))).isEqualTo(KeyValueSet.EMPTY);
    assertThat(set(tiny, new In(List.of(c(3L), c(null), c(1L), c(3L))))).isEqualTo(
        KeyValueSet.range(big(1), big(1)).union(KeyValueSet.range(big(3), big(3))));
    assertThat(set(tiny, new IsNull())).isEqualTo(KeyValueSet.NULL_ONLY);
    AnyOf nullOrZeroToFive = new AnyOf(List.of(List.of(new IsNull()),
        List.of(new Lower(c(0L), true), new Upper(c(5L), true))));
    assertThat(set(tiny, nullOrZeroToFive))
        .isEqualTo(new KeyValueSet(true, List.of(new KeyValueSet.Interval(big(0), big(5)))));
    // Not obvious: the statement scans.
    assertThat(set(tiny, new Eq(c("7abc")))).isNull();
    assertThat(set(tiny, new Lower(c(1e300), true))).isNull();
    assertThat(set(tiny, new In(List.of(c(1L), c("x"))))).isNull();
  }

  @Test
  void unsignedBoundsStayInTheUnsignedDomain() {
    SqlType u = SqlType.of(TypeKind.BIGINT).withUnsigned();
    BigInteger max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    assertThat(set(u, new Upper(c(-1L), true))).isEqualTo(KeyValueSet.EMPTY);
    assertThat(set(u, new Lower(c(-5L), true))).isEqualTo(KeyValueSet.range(BigInteger.ZERO, max));
    assertThat(set(u, new Eq(c(new BigDecimal("18446744073709551615"))))).isEqualTo(KeyValueSet.range(max, max));
  }

  private static KeyValueSet set(SqlType type, Condition c) {
    return IndexRanges.valueSet(type, List.of(c), List.of());
  }

  private static ValueRef c(Object v) {
    return ValueRef.constant(v);
  }

  private static BigInteger big(long v) {
    return BigInteger.valueOf(v);
  }

  private static boolean[] randomMembers(Random rnd) {
    boolean[] out = new boolean[HIGH - LOW + 1];
    int density = 1 + rnd.nextInt(4);
    for (int i = 0; i < out.length; i++) {
      out[i] = rnd.nextInt(density + 1) == 0;
    }
    return out;
  }

  /** A set built by uniting random pieces, so the union path builds the canonical form. */
  private static KeyValueSet toSet(boolean[] members, boolean withNull) {
    KeyValueSet s = withNull ? KeyValueSet.NULL_ONLY : KeyValueSet.EMPTY;
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < members.length; i++) {
      order.add(i);
    }
    java.util.Collections.shuffle(order, new Random(Arrays.hashCode(members)));
    for (int i : order) {
      if (members[i]) {
        s = s.union(KeyValueSet.range(big(i + LOW), big(i + LOW)));
      }
    }
    return s;
  }

  private static boolean contains(KeyValueSet s, long v) {
    BigInteger b = big(v);
    return s.intervals().stream().anyMatch(iv -> iv.low().compareTo(b) <= 0 && iv.high().compareTo(b) >= 0);
  }

  private static void assertCanonical(KeyValueSet s, String context) {
    for (int i = 1; i < s.intervals().size(); i++) {
      assertThat(s.intervals().get(i - 1).high().add(BigInteger.ONE)).as(context + ": sorted, apart")
          .isLessThan(s.intervals().get(i).low());
    }
  }
}
