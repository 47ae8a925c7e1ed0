package io.cairn.storage.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineIterator;
import io.cairn.storage.engine.WriteBatch;
import io.cairn.storage.engine.memory.MemoryEngine;
import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RegionMeta;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deleting a removed replica's data spares the ranges of regions the store still holds. */
class RegionKeysDeleteTest {

  private static byte[] k(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static RegionMeta region(long id, String start, String end) {
    return new RegionMeta(id, start == null ? null : k(start), end == null ? null : k(end),
        new RegionEpoch(1, 1), List.of(new PeerMeta(id * 10, 1, "127.0.0.1:1")));
  }

  private static MemoryEngine engineWithAToZ() {
    MemoryEngine e = new MemoryEngine();
    WriteBatch b = e.newWriteBatch();
    for (char c = 'a'; c <= 'z'; c++) {
      b.put(ColumnFamily.WRITE, k(String.valueOf(c)), k("v"));
      b.put(ColumnFamily.RAFT, k("r" + c), k("raw"));
    }
    e.write(b, true);
    return e;
  }

  private static String left(MemoryEngine e, ColumnFamily cf, int skip) {
    StringBuilder out = new StringBuilder();
    try (EngineIterator it = e.iterator(cf, null, null)) {
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        out.append(new String(it.key(), StandardCharsets.UTF_8).substring(skip));
      }
    }
    return out.toString();
  }

  @Test
  void theGapsBetweenKeptRegionsGo() {
    MemoryEngine e = engineWithAToZ();
    WriteBatch b = e.newWriteBatch();
    List<RegionMeta> keep = new ArrayList<>(List.of(region(3, "p", null), region(2, "f", "h"),
        region(4, "a", "b")));
    RegionKeys.deleteDataOutside(e, b, region(1, "c", "t"), keep);
    e.write(b, true);
    assertThat(left(e, ColumnFamily.WRITE, 0)).isEqualTo("abfgpqrstuvwxyz");
    assertThat(left(e, ColumnFamily.RAFT, 1)).isEqualTo("abfgpqrstuvwxyz");
  }

  @Test
  void withNothingKeptTheWholeUnboundedRangeGoes() {
    MemoryEngine e = engineWithAToZ();
    WriteBatch b = e.newWriteBatch();
    RegionKeys.deleteDataOutside(e, b, region(1, "m", null), List.of(region(2, "a", "c")));
    e.write(b, true);
    assertThat(left(e, ColumnFamily.WRITE, 0)).isEqualTo("abcdefghijkl");
    assertThat(left(e, ColumnFamily.RAFT, 1)).isEqualTo("abcdefghijkl");
  }

  @Test
  void aKeptRegionCoveringEverythingSparesAll() {
    MemoryEngine e = engineWithAToZ();
    WriteBatch b = e.newWriteBatch();
    RegionKeys.deleteDataOutside(e, b, region(1, "c", "t"), List.of(region(2, null, null)));
    e.write(b, true);
    assertThat(left(e, ColumnFamily.WRITE, 0)).hasSize(26);
  }
}
