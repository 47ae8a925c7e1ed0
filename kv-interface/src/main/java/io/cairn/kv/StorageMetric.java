package io.cairn.kv;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One reading of a storage's internal counters, gauges or histograms, for a monitoring endpoint
 * to export ({@link Storage#metrics()}). The storage names what it measures; the caller decides
 * the format (Cairn's server exports them as Prometheus metrics).
 *
 * @param name lower snake case, e.g. {@code cairn_tikv_region_cache_hits}; a counter's name
 *     carries no {@code _total} suffix (exporters add their own), a histogram's no {@code
 *     _bucket}/{@code _sum}/{@code _count}
 * @param help one line saying what is counted
 * @param type whether the value only grows (a counter since the storage opened), goes both ways,
 *     or is a distribution
 * @param labels label names to values, distinguishing readings of one name (e.g. a reason); a
 *     histogram's labels never include {@code le}
 * @param value the reading; for a histogram, its observation count
 * @param histogram the distribution of a {@link Type#HISTOGRAM} reading, null for the other types
 */
public record StorageMetric(String name, String help, Type type, Map<String, String> labels, double value, Histogram histogram) {

  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

  /** How a metric's value moves. */
  public enum Type { COUNTER, GAUGE, HISTOGRAM }

  /**
   * A cumulative histogram since the storage opened, Prometheus style: {@code
   * cumulativeCounts[i]} observations were at most {@code upperBounds[i]}; the implicit last
   * bucket {@code +Inf} holds all {@code count}. The arrays are copied in and out, so a reading
   * never changes after it is taken.
   *
   * @param upperBounds finite, strictly increasing, at least one
   * @param cumulativeCounts as many as bounds, non-decreasing, none above {@code count}
   * @param sum the sum of all observations (in the metric's unit, e.g. seconds)
   * @param count the number of observations
   */
  public record Histogram(double[] upperBounds, long[] cumulativeCounts, double sum, long count) {

    public Histogram {
      upperBounds = upperBounds.clone();
      cumulativeCounts = cumulativeCounts.clone();
      if (upperBounds.length == 0 || upperBounds.length != cumulativeCounts.length) {
        throw new IllegalArgumentException(
            upperBounds.length + " bucket bounds and " + cumulativeCounts.length + " counts");
      }
      long previousCount = 0;
      double previousBound = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < upperBounds.length; i++) {
        if (!Double.isFinite(upperBounds[i]) || upperBounds[i] <= previousBound) {
          throw new IllegalArgumentException("bucket bounds must be finite and increasing: " + Arrays.toString(upperBounds));
        }
        if (cumulativeCounts[i] < previousCount) {
          throw new IllegalArgumentException("bucket counts must be cumulative: " + Arrays.toString(cumulativeCounts));
        }
        previousBound = upperBounds[i];
        previousCount = cumulativeCounts[i];
      }
      if (count < previousCount) {
        throw new IllegalArgumentException("count " + count + " below the last bucket's " + previousCount);
      }
    }

    @Override
    public double[] upperBounds() {
      return upperBounds.clone();
    }

    @Override
    public long[] cumulativeCounts() {
      return cumulativeCounts.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Histogram h && Arrays.equals(upperBounds, h.upperBounds)
          && Arrays.equals(cumulativeCounts, h.cumulativeCounts) && Double.compare(sum, h.sum) == 0 && count == h.count;
    }

    @Override
    public int hashCode() {
      return Objects.hash(Arrays.hashCode(upperBounds), Arrays.hashCode(cumulativeCounts), sum, count);
    }

    @Override
    public String toString() {
      return "Histogram[le=" + Arrays.toString(upperBounds) + ", counts=" + Arrays.toString(cumulativeCounts)
          + ", sum=" + sum + ", count=" + count + "]";
    }
  }

  public StorageMetric {
    Objects.requireNonNull(help, "help");
    Objects.requireNonNull(type, "type");
    if (!NAME.matcher(name).matches() || type == Type.COUNTER && name.endsWith("_total")) {
      throw new IllegalArgumentException("bad metric name " + name);
    }
    if ((type == Type.HISTOGRAM) != (histogram != null)) {
      throw new IllegalArgumentException(name + ": a histogram reading, and only one, carries its buckets");
    }
    if (type == Type.HISTOGRAM && (labels.containsKey("le") || histogram.count() != value)) {
      throw new IllegalArgumentException(name + ": a histogram has no le label and its value is its count");
    }
    labels = Map.copyOf(labels);
  }

  /** A counter or gauge reading. */
  public StorageMetric(String name, String help, Type type, Map<String, String> labels, double value) {
    this(name, help, type, labels, value, null);
  }

  /** A counter without labels. */
  public static StorageMetric counter(String name, String help, double value) {
    return new StorageMetric(name, help, Type.COUNTER, Map.of(), value);
  }

  /** A gauge without labels. */
  public static StorageMetric gauge(String name, String help, double value) {
    return new StorageMetric(name, help, Type.GAUGE, Map.of(), value);
  }

  /** A histogram reading. */
  public static StorageMetric histogram(String name, String help, Map<String, String> labels, Histogram histogram) {
    return new StorageMetric(name, help, Type.HISTOGRAM, labels, histogram.count(), histogram);
  }
}
