package io.cairn.codec;

import static io.cairn.codec.Codecs.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MemComparableBytesTest {

  /** TiDB util/codec bytes tests: input and its EncodeBytes form. */
  @Test
  void goldenBytesMatchTiDBEncodeBytes() {
    String[][] cases = {
      {"", "0000000000000000f7"},
      {"00", "0000000000000000f8"},
      {"010203", "0102030000000000fa"},
      {"01020300", "0102030000000000fb"},
      {"01020304050607", "01020304050607" + "00fe"},
      {"0000000000000000", "0000000000000000ff" + "0000000000000000f7"},
      {"0102030405060708", "0102030405060708ff" + "0000000000000000f7"},
      {"010203040506070809", "0102030405060708ff" + "0900000000000000f8"},
      {"616263", "6162630000000000fa"},
    };
    for (String[] c : cases) {
      byte[] in = bytes(c[0]);
      assertThat(MemComparableBytes.encode(in)).as(c[0]).isEqualTo(bytes(c[1]));
      assertThat(MemComparableBytes.decode(bytes(c[1]), 0).value()).isEqualTo(in);
      assertThat(MemComparableBytes.encodedLength(in.length)).isEqualTo(bytes(c[1]).length);
    }
  }

  @Test
  void rejectsBadMarkerPaddingAndTruncation() {
    assertThatThrownBy(() -> MemComparableBytes.decode(bytes("0000000000000000f6"), 0))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("marker");
    assertThatThrownBy(() -> MemComparableBytes.decode(bytes("6162630000000001fa"), 0))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("padding");
    assertThatThrownBy(() -> MemComparableBytes.decode(bytes("0102030405060708ff01"), 0))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void readerStopsAtItsLimit() {
    byte[] enc = MemComparableBytes.encode(bytes("0102030405060708"));
    ByteReader r = new ByteReader(enc, 0, 9);
    assertThatThrownBy(() -> MemComparableBytes.read(r)).isInstanceOf(CodecException.class);
  }

  @Test
  void propertyOrderAndRoundTrip() {
    Codecs.checkOrderAndRoundTrip(
        "bytes",
        r -> {
          byte[] a = Gen.anyBytes(r);
          return new Object[] {a, Gen.nearBytes(r, a)};
        },
        (w, v) -> MemComparableBytes.write(w, (byte[]) v),
        MemComparableBytes::read,
        Gen.order(ColumnType.BYTES),
        (a, b) -> Arrays.equals((byte[]) a, (byte[]) b));
  }
}
