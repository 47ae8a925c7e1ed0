package io.cairn.codec;

import static io.cairn.codec.Codecs.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Varints and compact bytes are not memcomparable: round trips and golden bytes only. */
class VarintCodecTest {

  private static byte[] varint(long v) {
    return Codecs.encode((w, x) -> VarintCodec.writeVarint(w, (Long) x), v);
  }

  private static byte[] uvarint(long v) {
    return Codecs.encode((w, x) -> VarintCodec.writeUvarint(w, (Long) x), v);
  }

  /** The bytes of Go's binary.PutUvarint / PutVarint, which TiDB's codec calls. */
  @Test
  void goldenBytesMatchGoVarints() {
    assertThat(uvarint(0)).isEqualTo(bytes("00"));
    assertThat(uvarint(1)).isEqualTo(bytes("01"));
    assertThat(uvarint(127)).isEqualTo(bytes("7f"));
    assertThat(uvarint(128)).isEqualTo(bytes("8001"));
    assertThat(uvarint(300)).isEqualTo(bytes("ac02"));
    assertThat(uvarint(-1L)).isEqualTo(bytes("ffffffffffffffffff01"));
    assertThat(varint(0)).isEqualTo(bytes("00"));
    assertThat(varint(-1)).isEqualTo(bytes("01"));
    assertThat(varint(1)).isEqualTo(bytes("02"));
    assertThat(varint(-65)).isEqualTo(bytes("8101"));
    assertThat(varint(Long.MIN_VALUE)).isEqualTo(bytes("ffffffffffffffffff01"));
    assertThat(Codecs.encode((w, x) -> CompactBytes.write(w, (byte[]) x), bytes("616263")))
        .isEqualTo(bytes("06616263"));
    assertThat(Codecs.encode((w, x) -> CompactBytes.write(w, (byte[]) x), new byte[0]))
        .isEqualTo(bytes("00"));
  }

  @Test
  void rejectsOverflowTruncationAndBadLengths() {
    assertThatThrownBy(() -> VarintCodec.readUvarint(new ByteReader(bytes("ffffffffffffffffff02"))))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> VarintCodec.readUvarint(new ByteReader(bytes("ff80"))))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> CompactBytes.read(new ByteReader(bytes("0661"))))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> CompactBytes.read(new ByteReader(bytes("01"))))
        .isInstanceOf(CodecException.class);
  }

  @Test
  void varintPropertyRoundTrip() {
    Property.forAll(
        "varint",
        r -> {
          long v = Gen.anyLong(r);
          byte[] e =
              Codecs.roundTrip(
                  v, (w, x) -> VarintCodec.writeVarint(w, (Long) x), VarintCodec::readVarint,
                  Objects::equals);
          assertThat(e.length).isBetween(1, VarintCodec.MAX_LENGTH);
        });
  }

  @Test
  void uvarintPropertyRoundTrip() {
    Property.forAll(
        "uvarint",
        r -> {
          long v = Gen.anyLong(r);
          byte[] e =
              Codecs.roundTrip(
                  v, (w, x) -> VarintCodec.writeUvarint(w, (Long) x), VarintCodec::readUvarint,
                  Objects::equals);
          int bits = 64 - Long.numberOfLeadingZeros(v);
          assertThat(e.length).isEqualTo(Math.max(1, (bits + 6) / 7));
        });
  }

  @Test
  void compactBytesPropertyRoundTrip() {
    Property.forAll(
        "compact-bytes",
        r -> Codecs.roundTrip(
            Gen.anyBytes(r),
            (w, x) -> CompactBytes.write(w, (byte[]) x),
            CompactBytes::read,
            (a, b) -> Arrays.equals((byte[]) a, (byte[]) b)));
  }
}
