package io.cairn.storage.node;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineIterator;
import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.engine.WriteBatch;
import io.cairn.storage.pd.StoreIdent;
import io.cairn.storage.raft.RegionKeys;
import io.cairn.storage.region.RegionMeta;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The node's own metadata in its engine's CF {@code raft}: who the store is and which regions
 * it holds. Local keys under TiKV's local prefix {@code 0x01}, which no data key uses:
 *
 * <pre>
 * 0x01 0x01                          →  StoreIdent.encode()
 * 0x01 0x02 region_id(i64 BE) 0x01   →  RegionMeta.encode()
 * </pre>
 *
 * The region key is {@link RegionKeys#metaKey}, the key the Raft store reads its replicas
 * from, so a node's regions survive the switch to the Raft-backed region engine.
 *
 * <p>Every write is synced (WAL fsync) before it returns. Thread-safe; {@link #saveRegions}
 * calls are serialized so that the last call's state is the one on disk.
 */
final class NodeMetaStore {

  private static final byte[] IDENT_KEY = {0x01, 0x01};
  private static final byte[] REGIONS_START = {0x01, 0x02};
  private static final byte[] REGIONS_END = {0x01, 0x03};

  private final KvEngine engine;

  NodeMetaStore(KvEngine engine) {
    this.engine = engine;
  }

  /** The persisted ident, or null on a store that never got one. */
  StoreIdent loadIdent() {
    byte[] v = engine.get(ColumnFamily.RAFT, IDENT_KEY);
    return v == null ? null : StoreIdent.decode(v);
  }

  void saveIdent(StoreIdent ident) {
    WriteBatch b = engine.newWriteBatch();
    b.put(ColumnFamily.RAFT, IDENT_KEY, ident.encode());
    engine.write(b, true);
  }

  /** Every persisted region, in the engine's key order (by id). */
  List<RegionMeta> loadRegions() {
    List<RegionMeta> out = new ArrayList<>();
    try (EngineIterator it = engine.iterator(ColumnFamily.RAFT, REGIONS_START, REGIONS_END)) {
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        byte[] key = it.key();
        // the same range also holds the Raft store's applied-index keys of each region
        if (key.length != 11 || key[10] != 0x01) {
          continue;
        }
        RegionMeta m = RegionMeta.decode(it.value());
        if (!Arrays.equals(key, RegionKeys.metaKey(m.id()))) {
          throw new IllegalStateException("region meta of region " + m.id()
              + " stored under the key of another region");
        }
        out.add(m);
      }
    }
    return out;
  }

  /** Persists {@code regions} (new ones or new states of known ones) in one batch. */
  synchronized void saveRegions(Collection<RegionMeta> regions) {
    WriteBatch b = engine.newWriteBatch();
    for (RegionMeta m : regions) {
      b.put(ColumnFamily.RAFT, RegionKeys.metaKey(m.id()), m.encode());
    }
    if (!b.isEmpty()) {
      engine.write(b, true);
    }
  }
}
