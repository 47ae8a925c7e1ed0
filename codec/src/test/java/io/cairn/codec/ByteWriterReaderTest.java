package io.cairn.codec;

import static io.cairn.codec.Codecs.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteWriterReaderTest {

  @Test
  void writerGrowsAndResets() {
    ByteWriter w = new ByteWriter(0);
    for (int i = 0; i < 1000; i++) {
      w.write(i);
    }
    w.writeLongBigEndian(0x0102030405060708L).writeLittleEndian(0x0A0B, 2);
    byte[] out = w.toByteArray();
    assertThat(out).hasSize(1010);
    assertThat(out[999]).isEqualTo((byte) 999);
    w.setLittleEndian(1008, 0x0C0D, 2);
    assertThat(w.toByteArray()).endsWith(bytes("0102030405060708 0d0c"));
    assertThat(w.reset().size()).isZero();
    assertThat(w.write(bytes("aabbcc"), 1, 2).toByteArray()).isEqualTo(bytes("bbcc"));
    assertThatThrownBy(() -> w.setLittleEndian(1, 0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void readerHonoursItsRange() {
    byte[] buf = bytes("00 0102030405060708 0b0a ff");
    ByteReader r = new ByteReader(buf, 1, 11);
    assertThat(r.readLongBigEndian()).isEqualTo(0x0102030405060708L);
    assertThat(r.peekUnsignedByte()).isEqualTo(0x0B);
    assertThat(r.readLittleEndian(2)).isEqualTo(0x0A0B);
    assertThat(r.copyFrom(9)).isEqualTo(bytes("0b0a"));
    assertThat(r.hasRemaining()).isFalse();
    assertThatThrownBy(r::readUnsignedByte)
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("need 1 bytes at offset 11");
    r.position(3);
    assertThat(r.remaining()).isEqualTo(8);
    r.skip(8);
    assertThatThrownBy(() -> r.skip(1)).isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> new ByteReader(buf, 5, 3)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
