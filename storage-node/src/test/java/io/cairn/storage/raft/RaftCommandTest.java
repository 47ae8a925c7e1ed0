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
        assertThat(back.split().splitKey()).as("seed %d case %d", seed, i).isEqualTo(cmd.split().splitKey());
        assertThat(back.split().newRegionId()).as("seed %d case %d", seed, i).isEqualTo(cmd.split().newRegionId());
        assertThat(back.split().newPeerIds()).as("seed %d case %d", seed, i).isEqualTo(cmd.split().newPeerIds());
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
            "01" + "00" + "0000000000000001" + "0000000000000002" + "03"
                + "01" + "01" + "01" + "6b" + "02" + "7676"
                + "02" + "03" + "01" + "64"
                + "03" + "02" + "01" + "61" + "01" + "7a");
  }

  @Test
  void splitLayoutIsTheDocumentedOne() {
    RaftCommand cmd = RaftCommand.split(new RegionEpoch(1, 2), new byte[] {'m'}, 7, List.of(8L, 9L));
    assertThat(HexFormat.of().formatHex(cmd.encode()))
        .isEqualTo(
            "01" + "02" + "0000000000000001" + "0000000000000002"
                + "01" + "6d" + "0000000000000007"
                + "02" + "0000000000000008" + "0000000000000009"
                + "00");
  }

  @Test
  void splitCarriesNothingElse() {
    assertThatThrownBy(
            () ->
                new RaftCommand(
                    RegionEpoch.INITIAL,
                    List.of(new Mutation.Delete(ColumnFamily.DEFAULT, new byte[] {1})),
                    null,
                    new RaftCommand.Split(new byte[] {1}, 2, List.of(3L))))
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
      List<Long> peerIds = new ArrayList<>();
      for (int n = r.nextInt(4); n > 0; n--) {
        peerIds.add(r.nextLong() >>> 1);
      }
      return RaftCommand.split(new RegionEpoch(r.nextInt(9), r.nextInt(9)), bytes(r, r.nextInt(30)), 1 + (r.nextLong() >>> 2), peerIds);
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
