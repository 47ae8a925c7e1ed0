package io.cairn.kv;

/**
 * The streamed responses of one coprocessor request. {@link #next()} blocks until the next
 * response arrives and returns {@code null} after the last one; a failed region task surfaces
 * as a {@link KvException} from {@code next()}. The caller closes the iterator, also when it
 * stops early: closing cancels the tasks still running. Used by one thread at a time; close
 * is idempotent and may be called from another thread to cancel.
 */
public interface CopResponseIterator extends AutoCloseable {

  CopResponse next();

  @Override
  void close();
}
