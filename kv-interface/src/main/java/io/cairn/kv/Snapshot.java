package io.cairn.kv;

import java.util.Collection;
import java.util.Map;

/**
 * A consistent, read-only view of the store at one timestamp: every read sees exactly the
 * transactions committed with a commit timestamp at or below {@link #timestamp()}. A reader
 * that meets a lock of a transaction that might commit at or below that timestamp waits for
 * it or resolves it, so it never returns a value that later changes.
 *
 * <p>Thread-safe. A snapshot holds no resources of its own (only its iterators do), so it is
 * not closed; it stops working with {@link StorageClosedException} when its storage closes.
 * Reading below the GC safe point throws {@link GcTooEarlyException}.
 */
public interface Snapshot extends Retriever {

  /** The read timestamp. */
  long timestamp();

  /**
   * The values of those {@code keys} that exist; absent keys are missing from the result.
   * Drivers batch the reads per region and run them concurrently, so this is much cheaper
   * than one {@link #get} per key. Duplicate keys are read once.
   */
  Map<Key, byte[]> batchGet(Collection<Key> keys);

  /** The options this snapshot reads with. */
  SnapshotOptions options();
}
