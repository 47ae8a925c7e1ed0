package io.cairn.storage.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RegionMetaTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 1234567})
  void encodeDecodeRoundTrips(long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < 200; i++) {
      RegionMeta m = random(r);
      RegionMeta back = RegionMeta.decode(m.encode());
      assertThat(back).as("seed %d case %d", seed, i).isEqualTo(m);
      assertThat(back.hashCode()).as("seed %d case %d", seed, i).isEqualTo(m.hashCode());
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {7, 8, 9})
  void truncatedInputFailsLoudly(long seed) {
    Random r = new Random(seed);
    byte[] enc = random(r).encode();
    for (int len = 0; len < enc.length; len++) {
      byte[] cut = Arrays.copyOf(enc, len);
      assertThatThrownBy(() -> RegionMeta.decode(cut)).as("seed %d length %d", seed, len).isInstanceOf(IllegalArgumentException.class);
    }
    byte[] longer = Arrays.copyOf(enc, enc.length + 1);
    assertThatThrownBy(() -> RegionMeta.decode(longer)).as("seed %d", seed).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void containsHonoursBoundsAndUnboundedEnd() {
    RegionMeta m = new RegionMeta(1, new byte[] {2}, new byte[] {5}, RegionEpoch.INITIAL, List.of());
    assertThat(m.contains(new byte[] {2})).isTrue();
    assertThat(m.contains(new byte[] {4, (byte) 0xFF})).isTrue();
    assertThat(m.contains(new byte[] {5})).isFalse();
    assertThat(m.contains(new byte[] {1})).isFalse();
    RegionMeta all = new RegionMeta(1, new byte[0], new byte[0], RegionEpoch.INITIAL, List.of());
    assertThat(all.contains(new byte[] {(byte) 0xFF, (byte) 0xFF})).isTrue();
  }

  @Test
  void rejectsInvertedRangeAndDuplicateStores() {
    assertThatThrownBy(() -> new RegionMeta(1, new byte[] {5}, new byte[] {5}, RegionEpoch.INITIAL, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new RegionMeta(1, new byte[0], new byte[0], RegionEpoch.INITIAL, List.of(new PeerMeta(1, 1, "a:1"), new PeerMeta(2, 1, "b:2"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withPeersBumpsConfVerOnly() {
    RegionMeta m = new RegionMeta(3, new byte[0], new byte[0], new RegionEpoch(4, 9), List.of(new PeerMeta(31, 1, "h:1")));
    RegionMeta n = m.withPeers(List.of(new PeerMeta(31, 1, "h:1"), new PeerMeta(32, 2, "h:2")));
    assertThat(n.epoch()).isEqualTo(new RegionEpoch(5, 9));
    assertThat(n.peerOn(2)).isEqualTo(new PeerMeta(32, 2, "h:2"));
    assertThat(m.peerOn(2)).isNull();
  }

  @Test
  void splitKeepsTheIdOnTheRightAndBumpsVersionByTheKeyCount() {
    RegionMeta m = new RegionMeta(3, new byte[] {2}, new byte[] {9}, new RegionEpoch(4, 7),
        List.of(new PeerMeta(31, 1, "h:1"), new PeerMeta(32, 2, "h:2")));
    List<RegionMeta.NewRegion> two = List.of(new RegionMeta.NewRegion(8, List.of(81L, 82L)),
        new RegionMeta.NewRegion(6, List.of(61L, 62L)));
    List<RegionMeta> pieces = m.split(List.of(new byte[] {4}, new byte[] {5}), two);
    assertThat(pieces).containsExactly(
        new RegionMeta(8, new byte[] {2}, new byte[] {4}, new RegionEpoch(4, 9),
            List.of(new PeerMeta(81, 1, "h:1"), new PeerMeta(82, 2, "h:2"))),
        new RegionMeta(6, new byte[] {4}, new byte[] {5}, new RegionEpoch(4, 9),
            List.of(new PeerMeta(61, 1, "h:1"), new PeerMeta(62, 2, "h:2"))),
        new RegionMeta(3, new byte[] {5}, new byte[] {9}, new RegionEpoch(4, 9), m.peers()));
    List<RegionMeta.NewRegion> one = List.of(new RegionMeta.NewRegion(8, List.of(81L, 82L)));
    assertThatThrownBy(() -> m.split(List.of(new byte[] {2}), one)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.split(List.of(new byte[] {9}), one)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.split(List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.split(List.of(new byte[] {5}, new byte[] {4}), two)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.split(List.of(new byte[] {5}), two)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.split(List.of(new byte[] {5}),
        List.of(new RegionMeta.NewRegion(3, List.of(81L, 82L))))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.split(List.of(new byte[] {5}),
        List.of(new RegionMeta.NewRegion(8, List.of(81L))))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encodingFollowsTheDocumentedLayout() {
    RegionMeta m = new RegionMeta(5, new byte[] {(byte) 0xAB}, null, new RegionEpoch(2, 3),
        List.of(new PeerMeta(9, 4, "h:1"), new PeerMeta(10, 6)));
    assertThat(HexFormat.of().formatHex(m.encode()))
        .isEqualTo("01" + "0000000000000005" + "00000001ab" + "00000000"
            + "0000000000000002" + "0000000000000003" + "00000002"
            + "0000000000000009" + "0000000000000004" + "0003" + "683a31"
            + "000000000000000a" + "0000000000000006" + "0000");
    assertThat(RegionMeta.decode(m.encode())).isEqualTo(m);
  }

  @Test
  void equalityComparesKeyContentsAndKeysAreCopiedIn() {
    byte[] start = {1, 2};
    RegionMeta a = new RegionMeta(7, start, null, RegionEpoch.INITIAL, List.of(new PeerMeta(1, 1)));
    RegionMeta b = new RegionMeta(7, new byte[] {1, 2}, new byte[0], RegionEpoch.INITIAL, List.of(new PeerMeta(1, 1)));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    start[0] = 9;
    assertThat(a.startKey()).containsExactly(1, 2);
    assertThat(a).isNotEqualTo(b.withRange(new byte[] {1, 3}, null, RegionEpoch.INITIAL));
    assertThat(a).isNotEqualTo(new RegionMeta(7, new byte[] {1, 2}, null, RegionEpoch.INITIAL, List.of(new PeerMeta(1, 1, "h:1"))));
    assertThatThrownBy(() -> new RegionMeta(0, null, null, RegionEpoch.INITIAL, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static RegionMeta random(Random r) {
    byte[] start = bytes(r, r.nextInt(6));
    byte[] end;
    do {
      end = r.nextInt(4) == 0 ? new byte[0] : bytes(r, 1 + r.nextInt(6));
    } while (end.length > 0 && Arrays.compareUnsigned(start, end) >= 0);
    List<PeerMeta> peers = new ArrayList<>();
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      // an empty address is an unreplicated peer
      String address = r.nextInt(4) == 0 ? "" : "höst-" + r.nextInt(99) + ":" + r.nextInt(65536);
      peers.add(new PeerMeta(r.nextLong() >>> 1, i + 1 + r.nextInt(1000) * 10L, address));
    }
    return new RegionMeta(1 + r.nextInt(1 << 20), start, end, new RegionEpoch(r.nextInt(100), r.nextInt(100)), peers);
  }

  private static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }
}
