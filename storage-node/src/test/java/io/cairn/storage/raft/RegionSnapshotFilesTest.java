package io.cairn.storage.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineIterator;
import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.engine.WriteBatch;
import io.cairn.storage.engine.memory.MemoryEngine;
import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RegionError;
import io.cairn.storage.region.RegionException;
import io.cairn.storage.region.RegionMeta;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegionSnapshotFilesTest {
  private static final RegionMeta MIDDLE =
      new RegionMeta(5, new byte[] {'b'}, new byte[] {'d'}, new RegionEpoch(2, 3), List.of(new PeerMeta(11, 1, "h:1")));

  @TempDir Path dir;

  @Test
  void exportHoldsExactlyTheRegionsDataMetaAndAppliedIndex() throws Exception {
    try (MemoryEngine src = new MemoryEngine(); MemoryEngine dst = new MemoryEngine()) {
      fill(src);
      WriteBatch b = src.newWriteBatch();
      b.put(ColumnFamily.RAFT, RegionKeys.metaKey(5), MIDDLE.encode());
      b.put(ColumnFamily.RAFT, RegionKeys.appliedKey(5), RegionKeys.encodeApplied(new Applied(4, 77)));
      src.write(b);

      RegionSnapshotFiles.Manifest m = RegionSnapshotFiles.export(src, 5, dir.resolve("snap"));
      assertThat(m.applied()).isEqualTo(new Applied(4, 77));
      assertThat(m.meta()).isEqualTo(MIDDLE);
      assertThat(RegionSnapshotFiles.readManifest(dir.resolve("snap"))).isEqualTo(m);

      for (var e : RegionSnapshotFiles.sstFiles(dir.resolve("snap")).entrySet()) {
        RegionSnapshotFiles.load(dst, e.getKey(), e.getValue(), 64);
      }
      for (ColumnFamily cf : List.of(ColumnFamily.DEFAULT, ColumnFamily.LOCK, ColumnFamily.WRITE)) {
        assertThat(keys(dst, cf)).as("%s", cf).containsExactly("62", "6200", "63ff");
      }
      // raw keys of the range only; no local keys of any region
      assertThat(keys(dst, ColumnFamily.RAFT)).containsExactly("7262", "7263ff");
    }
  }

  @Test
  void deleteDataOfUnboundedRegionKeepsLocalKeysAndRemovesKeysBeyondAnyBound() {
    RegionMeta all = new RegionMeta(6, new byte[0], new byte[0], RegionEpoch.INITIAL, List.of());
    try (MemoryEngine e = new MemoryEngine()) {
      fill(e);
      WriteBatch b = e.newWriteBatch();
      b.put(ColumnFamily.RAFT, RegionKeys.metaKey(6), all.encode());
      b.put(ColumnFamily.WRITE, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1}, new byte[] {1});
      e.write(b);
      WriteBatch del = e.newWriteBatch();
      RegionKeys.deleteData(e, del, all);
      e.write(del);
      for (ColumnFamily cf : List.of(ColumnFamily.DEFAULT, ColumnFamily.LOCK, ColumnFamily.WRITE)) {
        assertThat(keys(e, cf)).as("%s", cf).isEmpty();
      }
      // local keys and keys outside the raw space ('r') stay
      assertThat(keys(e, ColumnFamily.RAFT)).containsExactly("0102000000000000000601", "0102000000000000006302", "73");
      assertThat(e.get(ColumnFamily.RAFT, RegionKeys.metaKey(6))).isNotNull();
    }
  }

  @Test
  void exportOfUnknownRegionIsRegionNotFound() {
    try (MemoryEngine e = new MemoryEngine()) {
      assertThatThrownBy(() -> RegionSnapshotFiles.export(e, 9, dir.resolve("x")))
          .isInstanceOfSatisfying(RegionException.class, ex -> assertThat(ex.error()).isInstanceOf(RegionError.RegionNotFound.class));
    }
  }

  private static void fill(KvEngine e) {
    WriteBatch b = e.newWriteBatch();
    byte[][] keys = {{'a'}, {'a', (byte) 0xFF}, {'b'}, {'b', 0}, {'c', (byte) 0xFF}, {'d'}, {'e'}};
    for (ColumnFamily cf : List.of(ColumnFamily.DEFAULT, ColumnFamily.LOCK, ColumnFamily.WRITE)) {
      for (byte[] k : keys) {
        b.put(cf, k, new byte[] {7});
      }
    }
    for (byte[] k : new byte[][] {{'r', 'a'}, {'r', 'b'}, {'r', 'c', (byte) 0xFF}, {'r', 'd'}, {'s'}}) {
      b.put(ColumnFamily.RAFT, k, new byte[] {8});
    }
    b.put(ColumnFamily.RAFT, RegionKeys.appliedKey(99), RegionKeys.encodeApplied(new Applied(1, 1)));
    e.write(b);
  }

  private static List<String> keys(KvEngine e, ColumnFamily cf) {
    List<String> out = new ArrayList<>();
    try (EngineIterator it = e.iterator(cf, null, null)) {
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        out.add(HexFormat.of().formatHex(it.key()));
      }
    }
    return out;
  }
}
