package io.cairn.storage.engine;

/**
 * A bidirectional cursor over one column family, within the bounds it was created with.
 * Not thread-safe. Every positioning method returns {@link #valid()}. {@link #key()} and
 * {@link #value()} may only be called while valid.
 */
public interface EngineIterator extends AutoCloseable {

  /** Positions at the first key {@code >= key} (clamped to the lower bound). */
  boolean seek(byte[] key);

  /** Positions at the last key {@code <= key} (clamped to the upper bound, exclusive). */
  boolean seekForPrev(byte[] key);

  boolean seekToFirst();

  boolean seekToLast();

  boolean next();

  boolean prev();

  boolean valid();

  byte[] key();

  byte[] value();

  /** Releases native resources; idempotent. */
  @Override
  void close();
}
