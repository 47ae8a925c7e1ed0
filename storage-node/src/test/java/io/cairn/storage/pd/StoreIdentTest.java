package io.cairn.storage.pd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.RegionEpoch;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreIdentTest {

  private static final Region REGION = Region.newBuilder().setId(2)
      .setRegionEpoch(RegionEpoch.newBuilder().setConfVer(1).setVersion(1))
      .addPeers(Peer.newBuilder().setId(3).setStoreId(1)).build();

  @Test
  void layoutIsAsDocumented() {
    byte[] b = new StoreIdent(0x0102030405060708L, 9).encode();
    assertThat(b).hasSize(25);
    ByteBuffer bb = ByteBuffer.wrap(b);
    assertThat(bb.get()).isEqualTo((byte) 1);
    assertThat(bb.getLong()).isEqualTo(0x0102030405060708L);
    assertThat(bb.getLong()).isEqualTo(9);
    assertThat(bb.getInt()).isZero();
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(b, 0, 21);
    assertThat(bb.getInt()).isEqualTo((int) crc.getValue());
  }

  @Test
  void roundTripsWithAndWithoutPendingRegion() {
    StoreIdent plain = new StoreIdent(-5L, Long.MAX_VALUE);
    assertThat(StoreIdent.decode(plain.encode())).isEqualTo(plain);
    StoreIdent pending = plain.withPendingFirstRegion(REGION);
    assertThat(StoreIdent.decode(pending.encode())).isEqualTo(pending);
    assertThat(pending.withPendingFirstRegion(null)).isEqualTo(plain);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void everySingleBitFlipAndTruncationIsDetected(long seed) {
    Random rnd = new Random(seed);
    Region r = REGION.toBuilder().setEndKey(ByteString.copyFrom(new byte[rnd.nextInt(20)]))
        .build();
    byte[] good = new StoreIdent(1 + rnd.nextInt(1000), 1 + rnd.nextInt(1000), r).encode();
    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= (byte) (1 << rnd.nextInt(8));
      int at = i;
      assertThatThrownBy(() -> StoreIdent.decode(bad))
          .as("seed %d, byte %d", seed, at).isInstanceOf(IllegalArgumentException.class);
    }
    for (int len = 0; len < good.length; len++) {
      int l = len;
      assertThatThrownBy(() -> StoreIdent.decode(Arrays.copyOf(good, l)))
          .as("seed %d, truncated to %d", seed, l).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void zeroIdsAreRefused() {
    assertThatThrownBy(() -> new StoreIdent(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StoreIdent(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
