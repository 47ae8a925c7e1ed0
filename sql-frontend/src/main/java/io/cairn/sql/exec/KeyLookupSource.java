package io.cairn.sql.exec;

import java.util.List;

/**
 * A {@link TableSource} whose rows can also be fetched by the values of one integer key column
 * (the row handle, or the leading column of an index), which makes it the inner side of an
 * {@link IndexJoinNode}. Thread-safe like every source; {@link #lookup} reads inside the running
 * statement, exactly as {@link #scan} does (the transaction's own writes, locks of a locking
 * read).
 */
public interface KeyLookupSource extends TableSource {

  /**
   * How rows are found by {@code column} (an index into {@link #columns()}), e.g. {@code
   * handle:id} or {@code index:k(b)}, or null when that column is no lookup key. Fixed for the
   * source's life, so a planner may ask once.
   */
  String lookupKey(int column);

  /**
   * Whether the session currently allows index lookup joins ({@code cairn_index_join}). Asked
   * per execution, so that a cached plan follows the setting.
   */
  boolean lookupEnabled();

  /**
   * The rows whose {@code column} equals one of {@code keys}, in the layout of {@link
   * #columns()}, each row once, in no particular order.
   *
   * @param column a column for which {@link #lookupKey} is not null
   * @param keys integer key values as the evaluator holds them (unsigned ones by their bits),
   *     without repeats; may be empty
   * @throws IllegalArgumentException if {@code column} is no lookup key
   */
  List<Object[]> lookup(int column, long[] keys);
}
