package io.cairn.mysql.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadCodecTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 99, 12345})
  void everythingWrittenReadsBack(long seed) {
    Random random = new Random(seed);
    ByteBuf buf = Unpooled.buffer();
    PayloadWriter w = new PayloadWriter(buf);
    long[] ints = new long[200];
    byte[][] strings = new byte[50][];
    for (int i = 0; i < ints.length; i++) {
      ints[i] = switch (random.nextInt(5)) {
        case 0 -> random.nextInt(0xfb);
        case 1 -> 0xfb + random.nextInt(0x10000 - 0xfb);
        case 2 -> 0x10000 + random.nextInt(0x1000000 - 0x10000);
        case 3 -> random.nextLong() & Long.MAX_VALUE;
        default -> random.nextLong();
      };
      w.lenenc(ints[i]);
    }
    for (int i = 0; i < strings.length; i++) {
      strings[i] = new byte[random.nextInt(70_000)];
      random.nextBytes(strings[i]);
      w.lenencBytes(strings[i]);
    }
    w.int1(0xab).int2(0xbeef).int3(0xabcdef).int4(0xdeadbeef).int8(-2L).nulString("nul");
    byte[] bytes = new byte[buf.readableBytes()];
    buf.readBytes(bytes);
    PayloadReader r = new PayloadReader(bytes);
    for (long v : ints) {
      assertThat(r.lenenc()).as("seed %d", seed).isEqualTo(v);
    }
    for (byte[] s : strings) {
      assertThat(r.lenencBytes()).as("seed %d", seed).isEqualTo(s);
    }
    assertThat(r.int1()).isEqualTo(0xab);
    assertThat(r.int2()).isEqualTo(0xbeef);
    assertThat(r.int3()).isEqualTo(0xabcdef);
    assertThat(r.int4()).isEqualTo(0xdeadbeef);
    assertThat(r.int8()).isEqualTo(-2L);
    assertThat(r.nulString()).isEqualTo("nul");
    assertThat(r.hasRemaining()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(longs = {5, 6, 7})
  void everyTruncationFailsAsMalformed(long seed) {
    Random random = new Random(seed);
    ByteBuf buf = Unpooled.buffer();
    PayloadWriter w = new PayloadWriter(buf);
    w.lenenc(300).lenencString("x".repeat(300)).int4(1).int8(2).nulString("abc");
    byte[] full = new byte[buf.readableBytes()];
    buf.readBytes(full);
    for (int i = 0; i < 20; i++) {
      int cut = random.nextInt(full.length);
      byte[] truncated = java.util.Arrays.copyOf(full, cut);
      assertThatThrownBy(() -> {
        PayloadReader r = new PayloadReader(truncated);
        r.lenenc();
        r.lenencString();
        r.int4();
        r.int8();
        r.nulString();
      }).as("seed %d cut %d", seed, cut).isInstanceOf(MalformedPacketException.class);
    }
    assertThatThrownBy(() -> new PayloadReader(new byte[] {(byte) 0xff}).lenenc())
        .isInstanceOf(MalformedPacketException.class);
  }
}
