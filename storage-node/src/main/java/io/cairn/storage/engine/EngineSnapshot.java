package io.cairn.storage.engine;

/**
 * A consistent, read-only view of the engine as of the moment it was taken: later write
 * batches are invisible to it, earlier ones are visible whole. The caller closes it;
 * iterators created from a snapshot must be closed before the snapshot.
 */
public interface EngineSnapshot extends EngineReader, AutoCloseable {

  @Override
  void close();
}
