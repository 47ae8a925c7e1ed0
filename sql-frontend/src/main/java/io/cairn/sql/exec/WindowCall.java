package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.types.FieldType;

/**
 * One window function of a {@link WindowNode}.
 *
 * @param kind the function
 * @param arg the argument column (LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE), else -1
 * @param n NTILE's bucket count, LAG/LEAD's offset, NTH_VALUE's position; else 0
 * @param defaultValue LAG/LEAD's default, already of {@code type}'s representation, or null
 * @param aggregate the aggregate for {@link Kind#AGGREGATE} (its args index the input), else null
 * @param type the MySQL result type
 */
public record WindowCall(Kind kind, int arg, long n, Object defaultValue, AggCall aggregate, FieldType type) {
  public enum Kind {
    ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE, LAG, LEAD, FIRST_VALUE, LAST_VALUE,
    NTH_VALUE, AGGREGATE;

    /** Whether the function reads its frame; the others see the whole partition, as in MySQL. */
    public boolean usesFrame() {
      return this == FIRST_VALUE || this == LAST_VALUE || this == NTH_VALUE || this == AGGREGATE;
    }
  }
}
