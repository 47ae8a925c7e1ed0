package io.cairn.codec;

import static io.cairn.codec.Codecs.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class DecimalCodecTest {

  private static byte[] encode(String v, int precision, int frac) {
    return Codecs.encode((w, x) -> DecimalCodec.write(w, (BigDecimal) x, precision, frac),
        new BigDecimal(v));
  }

  private static byte[] encodeOwn(String v) {
    return Codecs.encode((w, x) -> DecimalCodec.write(w, (BigDecimal) x), new BigDecimal(v));
  }

  /** MySQL decimal2bin's documented example, behind TiDB's (precision, frac) header. */
  @Test
  void goldenBytesMatchMysqlBinaryDecimal() {
    assertThat(encode("1234567890.1234", 14, 4)).isEqualTo(bytes("0e04 810dfb38d204d2"));
    assertThat(encode("-1234567890.1234", 14, 4)).isEqualTo(bytes("0e04 7ef204c72dfb2d"));
    assertThat(DecimalCodec.read(new ByteReader(bytes("0e04 7ef204c72dfb2d"))))
        .isEqualTo(new BigDecimal("-1234567890.1234"));
  }

  /** TiDB's EncodeDecimal with precision 0 uses the value's own precision and frac. */
  @Test
  void goldenBytesWithTheValuesOwnPrecision() {
    assertThat(encodeOwn("1")).isEqualTo(bytes("0100 81"));
    assertThat(encodeOwn("0.111")).isEqualTo(bytes("0303 806f"));
    assertThat(encodeOwn("-0.5")).isEqualTo(bytes("0101 7a"));
    assertThat(encodeOwn("0")).isEqualTo(bytes("0100 80"));
    assertThat(encodeOwn("1E+3")).isEqualTo(bytes("0400 83e8"));
    assertThat(DecimalCodec.precisionOf(new BigDecimal("0.00"))).isEqualTo(2);
    assertThat(DecimalCodec.precisionOf(new BigDecimal("-12.345"))).isEqualTo(5);
  }

  @Test
  void binSizeFollowsMysql() {
    assertThat(DecimalCodec.binSize(14, 4)).isEqualTo(7);
    assertThat(DecimalCodec.binSize(65, 30)).isEqualTo(30);
    assertThat(DecimalCodec.binSize(9, 0)).isEqualTo(4);
    assertThat(DecimalCodec.binSize(10, 10)).isEqualTo(5);
  }

  @Test
  void rejectsValuesThatDoNotFitAndBadInput() {
    assertThatThrownBy(() -> encode("1000", 3, 0))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("overflows");
    assertThatThrownBy(() -> encode("1.25", 3, 1))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("fraction digits");
    assertThat(encode("1.20", 3, 1)).isEqualTo(encode("1.2", 3, 1));
    assertThatThrownBy(() -> encode("1", 66, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> encode("1", 40, 31)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DecimalCodec.read(new ByteReader(bytes("0200e4"))))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("digit group");
    assertThatThrownBy(() -> DecimalCodec.read(new ByteReader(bytes("0005 80"))))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("header");
    assertThatThrownBy(() -> DecimalCodec.read(new ByteReader(bytes("0e04 810dfb"))))
        .isInstanceOf(CodecException.class);
  }

  @Test
  void propertyOrderAndRoundTripWithinOneColumnType() {
    Codecs.checkOrderAndRoundTrip(
        "decimal",
        r -> {
          ColumnType t = Gen.decimalType(r);
          BigDecimal a = Gen.decimal(r, t.precision(), t.scale());
          BigDecimal b = r.nextBoolean()
              ? Gen.nearDecimal(r, a, t.precision(), t.scale())
              : Gen.decimal(r, t.precision(), t.scale());
          return new Object[] {new Typed(t, a), new Typed(t, b)};
        },
        (w, v) -> {
          Typed x = (Typed) v;
          DecimalCodec.write(w, x.value, x.type.precision(), x.type.scale());
        },
        DecimalCodec::read,
        (a, b) -> ((Typed) a).value.compareTo(((Typed) b).value),
        (expected, actual) -> Gen.sameValue(((Typed) expected).type, ((Typed) expected).value, actual));
  }

  @Test
  void propertyRoundTripWithTheValuesOwnPrecision() {
    Property.forAll(
        "decimal-own-precision",
        r -> {
          BigInteger unscaled = new BigInteger(1 + r.nextInt(200), r);
          if (r.nextBoolean()) {
            unscaled = unscaled.negate();
          }
          BigDecimal v = new BigDecimal(unscaled, r.nextInt(31));
          if (DecimalCodec.precisionOf(v) > DecimalCodec.MAX_PRECISION) {
            v = v.round(new java.math.MathContext(30));
          }
          Codecs.roundTrip(
              v,
              (w, x) -> DecimalCodec.write(w, (BigDecimal) x),
              DecimalCodec::read,
              (e, a) -> Gen.sameValue(ColumnType.decimal(), e, a));
        });
  }

  private record Typed(ColumnType type, BigDecimal value) {
    @Override
    public String toString() {
      return value.toPlainString() + " as " + type;
    }
  }
}
