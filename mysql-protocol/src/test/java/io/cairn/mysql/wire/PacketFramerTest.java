package io.cairn.mysql.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PacketFramerTest {

  private static byte[] frame(byte[] payload, int firstSeq) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int off = 0;
    int seq = firstSeq;
    while (true) {
      int len = Math.min(payload.length - off, PacketFramer.MAX_CHUNK);
      out.write(len);
      out.write(len >>> 8);
      out.write(len >>> 16);
      out.write(seq++);
      out.write(payload, off, len);
      off += len;
      if (len < PacketFramer.MAX_CHUNK) {
        return out.toByteArray();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13})
  void packetsSurviveArbitraryReadBoundaries(long seed) {
    Random random = new Random(seed);
    List<byte[]> payloads = new ArrayList<>();
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int i = 0; i < 40; i++) {
      byte[] p = new byte[random.nextInt(3000)];
      random.nextBytes(p);
      payloads.add(p);
      stream.writeBytes(frame(p, i));
    }
    byte[] all = stream.toByteArray();
    EmbeddedChannel ch = new EmbeddedChannel(new PacketFramer(1 << 20, null));
    int off = 0;
    while (off < all.length) {
      int n = Math.min(all.length - off, 1 + random.nextInt(700));
      ch.writeInbound(Unpooled.wrappedBuffer(all, off, n));
      off += n;
    }
    for (int i = 0; i < payloads.size(); i++) {
      Packet p = ch.readInbound();
      assertThat(p).as("seed %d packet %d", seed, i).isNotNull();
      assertThat(p.payload()).as("seed %d packet %d", seed, i).isEqualTo(payloads.get(i));
      assertThat(p.sequenceId()).isEqualTo(i);
    }
    assertThat((Object) ch.readInbound()).isNull();
    ch.finishAndReleaseAll();
  }

  @Test
  void joinsChunksOfSixteenMiBIncludingTheEmptyTail() {
    EmbeddedChannel ch = new EmbeddedChannel(new PacketFramer(64 << 20, null));
    byte[] exact = new byte[PacketFramer.MAX_CHUNK];
    exact[0] = 1;
    exact[exact.length - 1] = 2;
    byte[] framed = frame(exact, 0);
    assertThat(framed.length).isEqualTo(4 + PacketFramer.MAX_CHUNK + 4);
    ch.writeInbound(Unpooled.wrappedBuffer(framed));
    Packet p = ch.readInbound();
    assertThat(p.length()).isEqualTo(PacketFramer.MAX_CHUNK);
    assertThat(p.sequenceId()).isEqualTo(1);
    assertThat(p.payload()[exact.length - 1]).isEqualTo((byte) 2);
    ch.finishAndReleaseAll();
  }

  @Test
  void oversizedPacketRaisesOneEventAndDiscardsTheRest() {
    EmbeddedChannel ch = new EmbeddedChannel(new PacketFramer(1024, null));
    ch.writeInbound(Unpooled.wrappedBuffer(frame(new byte[10], 0)));
    ByteBuf big = Unpooled.buffer();
    big.writeMediumLE(5000).writeByte(3).writeZero(100);
    ch.writeInbound(big);
    ch.writeInbound(Unpooled.wrappedBuffer(frame(new byte[5], 4)));
    assertThat(((Packet) ch.readInbound()).length()).isEqualTo(10);
    assertThat((Object) ch.readInbound()).isEqualTo(new PacketTooLarge(3));
    assertThat((Object) ch.readInbound()).isNull();
    ch.finishAndReleaseAll();
  }
}
