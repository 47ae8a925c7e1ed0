package io.cairn.storage.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
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
            () -> new RegionMeta(1, new byte[0], new byte[0], RegionEpoch.INITIAL, List.of(new StorePeer(1, "a:1"), new StorePeer(1, "b:2"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withPeersBumpsConfVerOnly() {
    RegionMeta m = new RegionMeta(3, new byte[0], new byte[0], new RegionEpoch(4, 9), List.of(new StorePeer(1, "h:1")));
    RegionMeta n = m.withPeers(List.of(new StorePeer(1, "h:1"), new StorePeer(2, "h:2")));
    assertThat(n.epoch()).isEqualTo(new RegionEpoch(5, 9));
    assertThat(n.peerOn(2)).isEqualTo(new StorePeer(2, "h:2"));
    assertThat(m.peerOn(2)).isNull();
  }

  @Test
  void splitAtShrinksAndBumpsVersionOfBoth() {
    RegionMeta m = new RegionMeta(3, new byte[] {2}, new byte[] {9}, new RegionEpoch(4, 7), List.of(new StorePeer(1, "h:1")));
    List<RegionMeta> halves = m.splitAt(new byte[] {5}, 8);
    assertThat(halves.get(0)).isEqualTo(new RegionMeta(3, new byte[] {2}, new byte[] {5}, new RegionEpoch(4, 8), m.peers()));
    assertThat(halves.get(1)).isEqualTo(new RegionMeta(8, new byte[] {5}, new byte[] {9}, new RegionEpoch(4, 8), m.peers()));
    assertThatThrownBy(() -> m.splitAt(new byte[] {2}, 8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.splitAt(new byte[] {9}, 8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.splitAt(new byte[] {5}, 3)).isInstanceOf(IllegalArgumentException.class);
  }

  static RegionMeta random(Random r) {
    byte[] start = bytes(r, r.nextInt(6));
    byte[] end;
    do {
      end = r.nextInt(4) == 0 ? new byte[0] : bytes(r, 1 + r.nextInt(6));
    } while (end.length > 0 && Arrays.compareUnsigned(start, end) >= 0);
    List<StorePeer> peers = new ArrayList<>();
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      peers.add(new StorePeer(i + 1 + r.nextInt(1000) * 10L, "höst-" + r.nextInt(99) + ":" + r.nextInt(65536)));
    }
    return new RegionMeta(1 + r.nextInt(1 << 20), start, end, new RegionEpoch(r.nextInt(100), r.nextInt(100)), peers);
  }

  private static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }
}
