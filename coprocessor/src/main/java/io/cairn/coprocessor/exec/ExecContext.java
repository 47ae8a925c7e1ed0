package io.cairn.coprocessor.exec;

import io.cairn.coprocessor.expr.EvalContext;
import java.time.Clock;
import java.time.Instant;

/**
 * What every executor of one request shares: the evaluation context (sql_mode, time zone,
 * warnings), the value bridge, the deadline and the memory budget.
 *
 * <p>Memory is an estimate of what blocking executors (aggregation, TopN) and the response
 * buffer hold; exceeding the limit fails the request with {@link
 * CoprocessorException.Kind#MEMORY_LIMIT_EXCEEDED}. The deadline is read from the injected
 * clock. Not thread-safe: one request runs on one thread.
 */
public final class ExecContext {
  private final EvalContext eval;
  private final ValueBridge bridge;
  private final Clock clock;
  private final Instant deadline;
  private final long memoryLimit;
  private long memoryUsed;
  private long memoryPeak;

  /**
   * @param deadline null for none
   * @param memoryLimit bytes; {@code Long.MAX_VALUE} for none
   */
  public ExecContext(
      EvalContext eval, ValueBridge bridge, Clock clock, Instant deadline, long memoryLimit) {
    this.eval = eval;
    this.bridge = bridge;
    this.clock = clock;
    this.deadline = deadline;
    this.memoryLimit = memoryLimit;
  }

  public EvalContext eval() {
    return eval;
  }

  public ValueBridge bridge() {
    return bridge;
  }

  /** @throws CoprocessorException DEADLINE_EXCEEDED once the deadline has passed */
  public void checkDeadline() {
    if (deadline != null && clock.instant().isAfter(deadline)) {
      throw new CoprocessorException(
          CoprocessorException.Kind.DEADLINE_EXCEEDED,
          "request passed its deadline " + deadline);
    }
  }

  /** @throws CoprocessorException MEMORY_LIMIT_EXCEEDED if the budget would be exceeded */
  public void consume(long bytes) {
    memoryUsed += bytes;
    memoryPeak = Math.max(memoryPeak, memoryUsed);
    if (memoryUsed > memoryLimit) {
      throw new CoprocessorException(
          CoprocessorException.Kind.MEMORY_LIMIT_EXCEEDED,
          "request holds about " + memoryUsed + " bytes, over its limit of " + memoryLimit);
    }
  }

  public void release(long bytes) {
    memoryUsed = Math.max(0, memoryUsed - bytes);
  }

  public long memoryUsed() {
    return memoryUsed;
  }

  public long memoryPeak() {
    return memoryPeak;
  }

  /** A rough heap size of a row of evaluator values, for the memory budget. */
  public static long estimateRow(Object[] row) {
    long n = 16L + 8L * row.length;
    for (Object v : row) {
      if (v instanceof String s) {
        n += 40 + s.length();
      } else if (v instanceof java.math.BigDecimal) {
        n += 64;
      } else if (v != null) {
        n += 24;
      }
    }
    return n;
  }
}
