package io.cairn.storage.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RegionMeta;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RaftCommandTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 99, 2026})
  void encodeDecodeRoundTrips(long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < 300; i++) {
      RaftCommand cmd = random(r);
      RaftCommand back = RaftCommand.decode(ByteBuffer.wrap(cmd.encode()));
      assertThat(describe(back)).as("seed %d case %d", seed, i).isEqualTo(describe(cmd));
      assertThat(back.newMeta()).as("seed %d case %d", seed, i).isEqualTo(cmd.newMeta());
      assertThat(back.epoch()).isEqualTo(cmd.epoch());
      if (cmd.split() == null) {
        assertThat(back.split()).isNull();
      } else {
        assertThat(back.split().splitKeys()).as("seed %d case %d", seed, i).containsExactlyElementsOf(cmd.split().splitKeys());
        assertThat(back.split().newRegions()).as("seed %d case %d", seed, i).isEqualTo(cmd.split().newRegions());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {5, 6, 7})
  void truncatedOrExtendedInputFailsLoudly(long seed) {
    Random r = new Random(seed);
    byte[] enc = random(r).encode();
    for (int len = 0; len < enc.length; len++) {
      byte[] cut = Arrays.copyOf(enc, len);
      assertThatThrownBy(() -> RaftCommand.decode(ByteBuffer.wrap(cut)))
          .as("seed %d length %d", seed, len)
          .isInstanceOf(IllegalArgumentException.class);
    }
    byte[] longer = Arrays.copyOf(enc, enc.length + 1);
    assertThatThrownBy(() -> RaftCommand.decode(ByteBuffer.wrap(longer))).as("seed %d", seed).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void layoutIsTheDocumentedOne() {
    RaftCommand cmd =
        RaftCommand.write(
            new RegionEpoch(1, 2),
            List.of(
                new Mutation.Put(ColumnFamily.LOCK, new byte[] {'k'}, new byte[] {'v', 'v'}),
                new Mutation.Delete(ColumnFamily.RAFT, new byte[] {'d'}),
                new Mutation.DeleteRange(ColumnFamily.WRITE, new byte[] {'a'}, new byte[] {'z'})));
    assertThat(HexFormat.of().formatHex(cmd.encode()))
        .isEqualTo(
            "02" + "00" + "0000000000000001" + "0000000000000002" + "03"
                + "01" + "01" + "01" + "6b" + "02" + "7676"
                + "02" + "03" + "01" + "64"
                + "03" + "02" + "01" + "61" + "01" + "7a");
  }

  @Test
  void splitLayoutIsTheDocumentedOne() {
    RaftCommand cmd = RaftCommand.split(new RegionEpoch(1, 2), List.of(new byte[] {'g'}, new byte[] {'m'}),
        List.of(new RegionMeta.NewRegion(7, List.of(8L, 9L)), new RegionMeta.NewRegion(10, List.of(11L, 12L))));
    assertThat(HexFormat.of().formatHex(cmd.encode()))
        .isEqualTo(
            "02" + "02" + "0000000000000001" + "0000000000000002"
                + "02"
                + "01" + "67" + "0000000000000007" + "02" + "0000000000000008" + "0000000000000009"
                + "01" + "6d" + "000000000000000a" + "02" + "000000000000000b" + "000000000000000c"
                + "00");
  }

  @Test
  void theFormerSplitFormatIsRefusedByName() {
    byte[] old = HexFormat.of().parseHex("01" + "00" + "0000000000000001" + "0000000000000002" + "00");
    assertThatThrownBy(() -> RaftCommand.decode(ByteBuffer.wrap(old))).hasMessageContaining("older Cairn");
  }

  @Test
  void splitCarriesNothingElse() {
    assertThatThrownBy(
            () ->
                new RaftCommand(
                    RegionEpoch.INITIAL,
                    List.of(new Mutation.Delete(ColumnFamily.DEFAULT, new byte[] {1})),
                    null,
                    new RaftCommand.Split(List.of(new byte[] {1}), List.of(new RegionMeta.NewRegion(2, List.of(3L))))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unknownFormatOpOrFamilyIsRejected() {
    byte[] enc = RaftCommand.write(RegionEpoch.INITIAL, List.of(new Mutation.Delete(ColumnFamily.DEFAULT, new byte[] {1}))).encode();
    byte[] badFormat = enc.clone();
    badFormat[0] = 9;
    byte[] badOp = enc.clone();
    badOp[19] = 7;
    byte[] badCf = enc.clone();
    badCf[20] = 4;
    for (byte[] b : List.of(badFormat, badOp, badCf)) {
      assertThatThrownBy(() -> RaftCommand.decode(ByteBuffer.wrap(b))).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void commandBatchRecordsWhatAWriteBatchWouldApply() {
    CommandBatch b = new CommandBatch();
    byte[] key = {1, 2};
    b.put(ColumnFamily.DEFAULT, key, new byte[] {3});
    key[0] = 9; // copied on entry
    b.delete(ColumnFamily.LOCK, new byte[] {4});
    b.deleteRange(ColumnFamily.WRITE, new byte[] {5}, new byte[] {6});
    assertThat(b.count()).isEqualTo(3);
    assertThat(b.dataSize()).isEqualTo(6);
    RaftCommand cmd = b.toCommand(RegionEpoch.INITIAL);
    assertThat(((Mutation.Put) cmd.mutations().get(0)).key()).containsExactly(1, 2);
    b.clear();
    assertThat(b.isEmpty()).isTrue();
    assertThat(cmd.mutations()).hasSize(3);
  }

  private static RaftCommand random(Random r) {
    if (r.nextInt(6) == 0) {
      List<byte[]> keys = new ArrayList<>();
      List<RegionMeta.NewRegion> regions = new ArrayList<>();
      for (int k = 1 + r.nextInt(3); k > 0; k--) {
        List<Long> peerIds = new ArrayList<>();
        for (int n = r.nextInt(4); n > 0; n--) {
          peerIds.add(r.nextLong() >>> 1);
        }
        keys.add(bytes(r, r.nextInt(30)));
        regions.add(new RegionMeta.NewRegion(1 + (r.nextLong() >>> 2), peerIds));
      }
      return RaftCommand.split(new RegionEpoch(r.nextInt(9), r.nextInt(9)), keys, regions);
    }
    List<Mutation> ms = new ArrayList<>();
    int n = r.nextInt(8);
    ColumnFamily[] cfs = ColumnFamily.values();
    for (int i = 0; i < n; i++) {
      ColumnFamily cf = cfs[r.nextInt(cfs.length)];
      ms.add(
          switch (r.nextInt(3)) {
            case 0 -> new Mutation.Put(cf, bytes(r, r.nextInt(300)), bytes(r, r.nextInt(r.nextBoolean() ? 20 : 70_000)));
            case 1 -> new Mutation.Delete(cf, bytes(r, r.nextInt(20)));
            default -> new Mutation.DeleteRange(cf, bytes(r, r.nextInt(5)), bytes(r, 1 + r.nextInt(5)));
          });
    }
    RegionMeta meta =
        r.nextBoolean()
            ? null
            : new RegionMeta(1 + r.nextInt(100), new byte[0], new byte[0], new RegionEpoch(r.nextInt(9), r.nextInt(9)), List.of(new PeerMeta(7, 1, "h:1")));
    return new RaftCommand(new RegionEpoch(r.nextInt(1000), r.nextLong() >>> 1), ms, meta);
  }

  private static String describe(RaftCommand c) {
    StringBuilder sb = new StringBuilder();
    HexFormat h = HexFormat.of();
    for (Mutation m : c.mutations()) {
      switch (m) {
        case Mutation.Put p -> sb.append("put ").append(p.cf()).append(h.formatHex(p.key())).append('=').append(h.formatHex(p.value()));
        case Mutation.Delete d -> sb.append("del ").append(d.cf()).append(h.formatHex(d.key()));
        case Mutation.DeleteRange d -> sb.append("delr ").append(d.cf()).append(h.formatHex(d.start())).append('-').append(h.formatHex(d.end()));
      }
      sb.append(';');
    }
    return sb.toString();
  }

  private static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }
}
