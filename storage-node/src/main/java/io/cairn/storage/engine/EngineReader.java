package io.cairn.storage.engine;

/**
 * Read access to an engine: either the live engine (each call sees the latest committed
 * batch) or a {@link EngineSnapshot} (every call sees the same point in time).
 *
 * <p>Keys and values are never modified by the engine after they are handed out, and the
 * caller must not modify arrays it passed in or received. Keys compare as unsigned bytes.
 */
public interface EngineReader {

  /** The value at {@code key} in {@code cf}, or {@code null} if there is none. */
  byte[] get(ColumnFamily cf, byte[] key);

  /**
   * An iterator over {@code cf} restricted to {@code [lowerBound, upperBound)}; either bound
   * may be {@code null} for unbounded. The iterator starts unpositioned: call one of the
   * seek methods first. The caller closes it.
   */
  EngineIterator iterator(ColumnFamily cf, byte[] lowerBound, byte[] upperBound);
}
