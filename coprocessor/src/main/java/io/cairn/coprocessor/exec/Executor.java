package io.cairn.coprocessor.exec;

import io.cairn.coprocessor.expr.types.FieldType;
import java.util.List;

/**
 * One stage of a pull-based pipeline: it pulls chunks from its child (scans pull from a {@link
 * KvSource}) and produces chunks of rows of {@link #schema()}.
 *
 * <p>{@link #next()} returns a non-empty chunk, or null once exhausted (and on every later call).
 * The returned chunk is valid until the next call (see {@link Chunk} for what a consumer may
 * keep). {@link #close()} closes the child too and may be called at any time, also twice. Not
 * thread-safe.
 */
public interface Executor extends AutoCloseable {

  /** The output columns' types. */
  List<FieldType> schema();

  Chunk next();

  /** A short name for execution summaries, e.g. "TableScan". */
  String name();

  @Override
  void close();
}
