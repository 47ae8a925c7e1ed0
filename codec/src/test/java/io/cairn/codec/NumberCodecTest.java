package io.cairn.codec;

import static io.cairn.codec.Codecs.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Objects;
import org.junit.jupiter.api.Test;

class NumberCodecTest {

  private static byte[] int64(long v) {
    return Codecs.encode((w, x) -> NumberCodec.writeInt64(w, (Long) x), v);
  }

  private static byte[] float64(double v) {
    return Codecs.encode((w, x) -> NumberCodec.writeFloat64(w, (Double) x), v);
  }

  @Test
  void int64GoldenBytesMatchTiDBEncodeInt() {
    assertThat(int64(1)).isEqualTo(bytes("8000000000000001"));
    assertThat(int64(0)).isEqualTo(bytes("8000000000000000"));
    assertThat(int64(-1)).isEqualTo(bytes("7fffffffffffffff"));
    assertThat(int64(Long.MIN_VALUE)).isEqualTo(bytes("0000000000000000"));
    assertThat(int64(Long.MAX_VALUE)).isEqualTo(bytes("ffffffffffffffff"));
  }

  @Test
  void uint64GoldenBytes() {
    byte[] out = new byte[8];
    NumberCodec.encodeUint64(out, 0, 0xFFFF_FFFF_FFFF_FFFEL);
    assertThat(out).isEqualTo(bytes("fffffffffffffffe"));
    NumberCodec.encodeUint64Desc(out, 0, 1);
    assertThat(out).isEqualTo(bytes("fffffffffffffffe"));
    assertThat(NumberCodec.decodeUint64Desc(out, 0)).isEqualTo(1);
  }

  @Test
  void float64GoldenBytesMatchTiDBEncodeFloat() {
    assertThat(float64(1.0)).isEqualTo(bytes("bff0000000000000"));
    assertThat(float64(-1.0)).isEqualTo(bytes("400fffffffffffff"));
    assertThat(float64(0.0)).isEqualTo(bytes("8000000000000000"));
    assertThat(float64(-0.0)).isEqualTo(bytes("8000000000000000"));
    assertThat(float64(Double.POSITIVE_INFINITY)).isEqualTo(bytes("fff0000000000000"));
    assertThat(float64(Double.NEGATIVE_INFINITY)).isEqualTo(bytes("000fffffffffffff"));
  }

  @Test
  void truncatedInputFails() {
    assertThatThrownBy(() -> NumberCodec.readInt64(new ByteReader(new byte[7])))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> NumberCodec.decodeInt64(new byte[9], 2))
        .isInstanceOf(CodecException.class);
  }

  @Test
  void int64PropertyOrderAndRoundTrip() {
    Codecs.checkOrderAndRoundTrip(
        "int64",
        r -> {
          long a = Gen.anyLong(r);
          return new Object[] {a, r.nextBoolean() ? Gen.near(r, a) : Gen.anyLong(r)};
        },
        (w, v) -> NumberCodec.writeInt64(w, (Long) v),
        NumberCodec::readInt64,
        Gen.order(ColumnType.INT64),
        Objects::equals);
  }

  @Test
  void uint64PropertyOrderAndRoundTrip() {
    Codecs.checkOrderAndRoundTrip(
        "uint64",
        r -> {
          long a = Gen.anyLong(r);
          return new Object[] {a, r.nextBoolean() ? Gen.near(r, a) : Gen.anyLong(r)};
        },
        (w, v) -> NumberCodec.writeUint64(w, (Long) v),
        NumberCodec::readUint64,
        Gen.order(ColumnType.UINT64),
        Objects::equals);
  }

  @Test
  void uint64DescPropertyReversesOrder() {
    Codecs.checkOrderAndRoundTrip(
        "uint64-desc",
        r -> {
          long a = Gen.anyLong(r);
          return new Object[] {a, r.nextBoolean() ? Gen.near(r, a) : Gen.anyLong(r)};
        },
        (w, v) -> NumberCodec.writeUint64Desc(w, (Long) v),
        NumberCodec::readUint64Desc,
        Gen.order(ColumnType.UINT64).reversed(),
        Objects::equals);
  }

  @Test
  void float64PropertyOrderAndRoundTrip() {
    Codecs.checkOrderAndRoundTrip(
        "float64",
        r -> {
          double a = Gen.anyDouble(r);
          return new Object[] {a, Gen.near(r, ColumnType.FLOAT64, r.nextBoolean() ? a : Gen.anyDouble(r))};
        },
        (w, v) -> NumberCodec.writeFloat64(w, (Double) v),
        NumberCodec::readFloat64,
        Gen.order(ColumnType.FLOAT64),
        (a, b) -> Gen.sameValue(ColumnType.FLOAT64, a, b));
  }
}
