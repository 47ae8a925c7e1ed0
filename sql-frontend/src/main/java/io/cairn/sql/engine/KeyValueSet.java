package io.cairn.sql.engine;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The values an integer index column can hold in a row that satisfies some conditions on it:
 * NULL or not, plus sorted, disjoint, non-adjacent inclusive intervals of integers inside the
 * column's domain (its type's range, unsigned values as their numeric value, not their bits).
 * The index range building of {@link AccessPath} intersects one set per condition and unites
 * the alternatives of an OR. Immutable.
 *
 * @param withNull whether NULL is in the set
 * @param intervals sorted, disjoint and non-adjacent
 */
record KeyValueSet(boolean withNull, List<Interval> intervals) {
  /** {@code [low, high]}, both inclusive, low <= high. */
  record Interval(BigInteger low, BigInteger high) {
    Interval {
      if (low.compareTo(high) > 0) {
        throw new IllegalArgumentException("empty interval [" + low + ", " + high + "]");
      }
    }

    boolean isPoint() {
      return low.equals(high);
    }
  }

  static final KeyValueSet EMPTY = new KeyValueSet(false, List.of());
  static final KeyValueSet NULL_ONLY = new KeyValueSet(true, List.of());

  KeyValueSet {
    intervals = List.copyOf(intervals);
  }

  /** Every non-NULL value of {@code [min, max]}, and NULL when {@code withNull}. */
  static KeyValueSet all(BigInteger min, BigInteger max, boolean withNull) {
    return new KeyValueSet(withNull, List.of(new Interval(min, max)));
  }

  /** {@code [low, high]} (no NULL); empty when low > high. */
  static KeyValueSet range(BigInteger low, BigInteger high) {
    return low.compareTo(high) > 0 ? EMPTY : new KeyValueSet(false, List.of(new Interval(low, high)));
  }

  boolean isEmpty() {
    return !withNull && intervals.isEmpty();
  }

  /** Whether every member is a single value (NULL, or an interval of one integer). */
  boolean allPoints() {
    return intervals.stream().allMatch(Interval::isPoint);
  }

  /** How many points or intervals, NULL counted as one. */
  int parts() {
    return intervals.size() + (withNull ? 1 : 0);
  }

  KeyValueSet intersect(KeyValueSet other) {
    List<Interval> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < intervals.size() && j < other.intervals.size()) {
      Interval a = intervals.get(i);
      Interval b = other.intervals.get(j);
      BigInteger low = a.low.max(b.low);
      BigInteger high = a.high.min(b.high);
      if (low.compareTo(high) <= 0) {
        out.add(new Interval(low, high));
      }
      if (a.high.compareTo(b.high) < 0) {
        i++;
      } else {
        j++;
      }
    }
    return new KeyValueSet(withNull && other.withNull, out);
  }

  KeyValueSet union(KeyValueSet other) {
    List<Interval> all = new ArrayList<>(intervals);
    all.addAll(other.intervals);
    all.sort((a, b) -> a.low.compareTo(b.low));
    List<Interval> out = new ArrayList<>();
    for (Interval iv : all) {
      if (!out.isEmpty() && out.getLast().high.add(BigInteger.ONE).compareTo(iv.low) >= 0) {
        Interval last = out.removeLast();
        out.add(new Interval(last.low, last.high.max(iv.high)));
      } else {
        out.add(iv);
      }
    }
    return new KeyValueSet(withNull || other.withNull, out);
  }
}
