package io.cairn.sql.exec;

import java.util.List;

/**
 * A pull-based operator instance of one execution: {@link #next} returns the next batch of rows
 * (each an {@code Object[]} of evaluator values, see {@link io.cairn.coprocessor.expr.types.EvalType}),
 * never an empty batch, and {@code null} once exhausted. The caller owns the executor and closes
 * it; closing closes its children. Rows handed out are not modified afterwards. Not thread-safe.
 */
public interface Executor extends AutoCloseable {
  /** Rows an operator aims to hand out per batch. */
  int BATCH_SIZE = 1024;

  List<Object[]> next();

  @Override
  default void close() {}
}
