package io.cairn.coprocessor.exec;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListSet;

/** A {@link KvSource} over a sorted map, with keys that can be marked locked. */
final class MapKvSource implements KvSource {
  final NavigableMap<byte[], byte[]> data = new TreeMap<>(Arrays::compareUnsigned);
  final Set<byte[]> locked = new ConcurrentSkipListSet<>(Arrays::compareUnsigned);
  int opened;

  void put(byte[] k, byte[] v) {
    data.put(k, v);
  }

  @Override
  public Cursor open(byte[] start, byte[] end, boolean reverse) {
    opened++;
    NavigableMap<byte[], byte[]> m = data;
    if (start != null) {
      m = m.tailMap(start, true);
    }
    if (end != null && end.length > 0) {
      m = m.headMap(end, false);
    }
    Iterator<Map.Entry<byte[], byte[]>> it =
        (reverse ? m.descendingMap() : m).entrySet().iterator();
    return new Cursor() {
      Map.Entry<byte[], byte[]> cur;

      @Override
      public boolean next() {
        if (!it.hasNext()) {
          return false;
        }
        cur = it.next();
        if (locked.contains(cur.getKey())) {
          throw new KeyLockedException(
              new LockedKey(cur.getKey(), cur.getKey(), 7, 3000, 1, 0, 0, 0));
        }
        return true;
      }

      @Override
      public byte[] key() {
        return cur.getKey();
      }

      @Override
      public byte[] value() {
        return cur.getValue();
      }

      @Override
      public void close() {}
    };
  }
}
