package io.cairn.slt;

import java.util.List;

/**
 * One record of a sqllogictest script. {@link #line()} is the 1-based line of the record's
 * first line (its {@code statement}/{@code query} line, not its conditions).
 */
public sealed interface SltRecord {

  int line();

  /** The {@code skipif}/{@code onlyif} lines that precede the record. */
  List<Condition> conditions();

  /** {@code statement ok} or {@code statement error}, then SQL up to a blank line. */
  record Statement(int line, List<Condition> conditions, boolean expectOk, String sql)
      implements SltRecord {}

  /**
   * {@code query <types> <sortmode> [label]}, SQL, {@code ----}, then the expected values.
   *
   * @param types one letter per column: I, R or T
   * @param label null when the query has none
   * @param expected the expected result; null when the record gives none (a query without
   *     {@code ----}), in which case only success is checked
   */
  record Query(
      int line,
      List<Condition> conditions,
      String types,
      SortMode sortMode,
      String label,
      String sql,
      Expected expected)
      implements SltRecord {}

  /** {@code hash-threshold N}: results with more than N values are compared by hash. */
  record HashThreshold(int line, List<Condition> conditions, int threshold) implements SltRecord {}

  /** {@code halt}: stop the script here (when its conditions let it apply). */
  record Halt(int line, List<Condition> conditions) implements SltRecord {}

  /** {@code skipif <engine>} (skip when running as it) or {@code onlyif <engine>}. */
  record Condition(boolean onlyIf, String engine) {
    /** Whether a record under this condition runs on {@code engineName}. */
    boolean allows(String engineName) {
      return onlyIf == engine.equalsIgnoreCase(engineName);
    }
  }

  enum SortMode {
    NOSORT,
    ROWSORT,
    VALUESORT;

    static SortMode parse(String word) {
      return switch (word) {
        case "nosort" -> NOSORT;
        case "rowsort" -> ROWSORT;
        case "valuesort" -> VALUESORT;
        default -> throw new SltFormatException("unknown sort mode '" + word + "'");
      };
    }
  }

  /** The expected result: either every value, or a count and an MD5 hash of them. */
  sealed interface Expected {
    record Values(List<String> values) implements Expected {}

    record Hash(int count, String md5) implements Expected {}
  }

  /** Whether the record runs on {@code engineName}. */
  default boolean appliesTo(String engineName) {
    return conditions().stream().allMatch(c -> c.allows(engineName));
  }
}
