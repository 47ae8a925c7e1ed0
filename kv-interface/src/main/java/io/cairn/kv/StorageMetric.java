package io.cairn.kv;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One reading of a storage's internal counters or gauges, for a monitoring endpoint to export
 * ({@link Storage#metrics()}). The storage names what it measures; the caller decides the
 * format (Cairn's server exports them as Prometheus metrics).
 *
 * @param name lower snake case, e.g. {@code cairn_tikv_region_cache_hits}; a counter's name
 *     carries no {@code _total} suffix (exporters add their own)
 * @param help one line saying what is counted
 * @param type whether the value only grows (a counter since the storage opened) or goes both ways
 * @param labels label names to values, distinguishing readings of one name (e.g. a reason)
 * @param value the reading
 */
public record StorageMetric(String name, String help, Type type, Map<String, String> labels, double value) {

  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

  /** How a metric's value moves. */
  public enum Type { COUNTER, GAUGE }

  public StorageMetric {
    Objects.requireNonNull(help, "help");
    Objects.requireNonNull(type, "type");
    if (!NAME.matcher(name).matches() || type == Type.COUNTER && name.endsWith("_total")) {
      throw new IllegalArgumentException("bad metric name " + name);
    }
    labels = Map.copyOf(labels);
  }

  /** A counter without labels. */
  public static StorageMetric counter(String name, String help, double value) {
    return new StorageMetric(name, help, Type.COUNTER, Map.of(), value);
  }

  /** A gauge without labels. */
  public static StorageMetric gauge(String name, String help, double value) {
    return new StorageMetric(name, help, Type.GAUGE, Map.of(), value);
  }
}
