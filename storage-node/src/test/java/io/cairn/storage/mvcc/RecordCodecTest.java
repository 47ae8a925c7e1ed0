package io.cairn.storage.mvcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

  @Test
  void keyLayoutIsEncodedKeyThenDescendingTs() {
    byte[] enc = Keys.encode("abc".getBytes());
    assertThat(HexFormat.of().formatHex(enc)).isEqualTo("6162630000000000fa");
    byte[] v = Keys.appendTs(enc, 0x10);
    assertThat(HexFormat.of().formatHex(v)).isEqualTo("6162630000000000fa" + "ffffffffffffffef");
    assertThat(Keys.decodeTs(v)).isEqualTo(0x10);
    assertThat(Keys.truncateTs(v)).isEqualTo(enc);
    assertThat(Keys.isVersionOf(v, enc)).isTrue();
    // Newer versions sort first; all versions below the bound, and below the next user key.
    byte[] newer = Keys.appendTs(enc, 0x20);
    assertThat(Arrays.compareUnsigned(newer, v)).isNegative();
    byte[] bound = Keys.versionUpperBound(enc);
    assertThat(Arrays.compareUnsigned(Keys.appendTs(enc, 0), bound)).isNegative();
    assertThat(Arrays.compareUnsigned(bound, Keys.encode("abc\0".getBytes()))).isNegative();
    assertThat(Keys.decode(enc)).isEqualTo("abc".getBytes());
  }

  @Test
  void lockRoundTripsAndLayout() {
    Lock lock = new Lock(LockType.PUT, "p".getBytes(), 5, 3000, 0, 2, 6, "v".getBytes());
    byte[] bytes = lock.toBytes();
    assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("50" + "00000001" + "70"
        + "0000000000000005" + "0000000000000bb8" + "0000000000000000" + "0000000000000002"
        + "0000000000000006" + "01" + "01" + "76");
    assertThat(Lock.parse(bytes)).isEqualTo(lock);
    Lock noValue = new Lock(LockType.PESSIMISTIC, new byte[0], 1, 2, 3, 4, 5, null);
    assertThat(Lock.parse(noValue.toBytes())).isEqualTo(noValue);
  }

  @Test
  void writeRoundTripsAndLayout() {
    Write w = Write.of(WriteType.PUT, 7, "ab".getBytes());
    assertThat(HexFormat.of().formatHex(w.toBytes()))
        .isEqualTo("50" + "0000000000000007" + "01" + "02" + "6162");
    Write rb = Write.rollback(9, true);
    assertThat(HexFormat.of().formatHex(rb.toBytes())).isEqualTo("52" + "0000000000000009" + "04");
    assertThat(Write.parse(rb.toBytes())).isEqualTo(rb);
    Write overlapped = Write.of(WriteType.DELETE, 3, null).withOverlappedRollback();
    assertThat(Write.parse(overlapped.toBytes())).isEqualTo(overlapped);
  }

  @Test
  void randomRoundTrips() {
    long seed = 42;
    Random r = new Random(seed);
    for (int i = 0; i < 2000; i++) {
      byte[] sv = r.nextBoolean() ? null : new byte[r.nextInt(256)];
      if (sv != null) {
        r.nextBytes(sv);
      }
      byte[] primary = new byte[r.nextInt(40)];
      r.nextBytes(primary);
      Lock lock = new Lock(LockType.values()[r.nextInt(4)], primary, r.nextLong() >>> 1,
          r.nextLong() >>> 1, r.nextLong() >>> 1, r.nextInt(1000), r.nextLong() >>> 1, sv);
      assertThat(Lock.parse(lock.toBytes())).as("seed %d case %d", seed, i).isEqualTo(lock);
      Write w = new Write(WriteType.values()[r.nextInt(4)], r.nextLong() >>> 1, sv,
          r.nextBoolean(), r.nextBoolean());
      assertThat(Write.parse(w.toBytes())).as("seed %d case %d", seed, i).isEqualTo(w);
    }
  }

  @Test
  void corruptRecordsFailLoudly() {
    assertThatThrownBy(() -> Write.parse(new byte[] {'X', 0, 0, 0, 0, 0, 0, 0, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Lock.parse(new byte[] {'P', 0, 0}))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] extra = Arrays.copyOf(Write.rollback(1, false).toBytes(), 11);
    assertThatThrownBy(() -> Write.parse(extra)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Write.of(WriteType.PUT, 1, new byte[256]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
