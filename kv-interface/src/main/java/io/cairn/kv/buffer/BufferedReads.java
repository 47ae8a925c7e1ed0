package io.cairn.kv.buffer;

import io.cairn.kv.BufferEntry;
import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import io.cairn.kv.MemBuffer;
import io.cairn.kv.Snapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A transaction's reads: its own buffered writes laid over a snapshot. A buffered value wins,
 * a buffered delete hides the snapshot's value, and every other key is read from the
 * snapshot. Every {@code Transaction} implementation reads this way; the snapshot it passes
 * decides the isolation (the start snapshot for REPEATABLE READ, a fresh one for READ
 * COMMITTED).
 */
public final class BufferedReads {

  private BufferedReads() {}

  /** The value {@code key} has for the transaction, or null. */
  public static byte[] get(MemBuffer buffer, Snapshot snapshot, Key key) {
    BufferEntry e = buffer.lookup(key);
    return e != null ? e.value() : snapshot.get(key);
  }

  /**
   * The keys of {@code keys} that have a value for the transaction; buffered keys never reach
   * the snapshot, the others are read with one {@link Snapshot#batchGet}.
   */
  public static Map<Key, byte[]> batchGet(MemBuffer buffer, Snapshot snapshot, Collection<Key> keys) {
    Map<Key, byte[]> out = new LinkedHashMap<>();
    List<Key> fromSnapshot = new ArrayList<>();
    for (Key k : keys) {
      BufferEntry e = buffer.lookup(k);
      if (e == null) {
        fromSnapshot.add(k);
      } else if (!e.isDelete()) {
        out.put(k, e.value());
      }
    }
    out.putAll(snapshot.batchGet(fromSnapshot));
    return out;
  }

  /** The pairs of {@code range} as the transaction sees them, ascending or descending. */
  public static KvIterator<KvPair> iterate(
      MemBuffer buffer, Snapshot snapshot, KeyRange range, boolean reverse) {
    return reverse
        ? new UnionIterator(buffer.iterateEntriesReverse(range), snapshot.iterateReverse(range), true)
        : new UnionIterator(buffer.iterateEntries(range), snapshot.iterate(range), false);
  }
}
