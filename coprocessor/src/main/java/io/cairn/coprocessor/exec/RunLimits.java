package io.cairn.coprocessor.exec;

/**
 * What one request may use. A request whose result would exceed {@code maxResultRows} fails with
 * ROW_LIMIT_EXCEEDED (page it instead); one holding more than {@code maxMemoryBytes} in
 * aggregation/TopN state and response bytes fails with MEMORY_LIMIT_EXCEEDED.
 */
public record RunLimits(long maxResultRows, long maxMemoryBytes) {
  public static final RunLimits UNLIMITED = new RunLimits(Long.MAX_VALUE, Long.MAX_VALUE);

  public RunLimits {
    if (maxResultRows < 0 || maxMemoryBytes < 0) {
      throw new IllegalArgumentException("negative limit");
    }
  }
}
