package io.cairn.sql.exec;

/**
 * A window frame: {@code ROWS} (bounds count rows) or {@code RANGE} (bounds are distances in the
 * value of the single ORDER BY key; CURRENT ROW means the current row's peers). MySQL's default
 * frame is {@code RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW} with an ORDER BY and the
 * whole partition without one.
 */
public record WindowFrame(boolean rows, Bound lower, Bound upper) {
  public enum BoundKind { UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING }

  /**
   * One end of a frame.
   *
   * @param offset for PRECEDING/FOLLOWING: a non-negative Long (ROWS) or a non-negative Long,
   *     BigDecimal or Double distance (RANGE); else null
   */
  public record Bound(BoundKind kind, Object offset) {}

  /** The whole partition. */
  public static WindowFrame wholePartition() {
    return new WindowFrame(false, new Bound(BoundKind.UNBOUNDED_PRECEDING, null),
        new Bound(BoundKind.UNBOUNDED_FOLLOWING, null));
  }
}
