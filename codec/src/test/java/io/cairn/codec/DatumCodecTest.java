package io.cairn.codec;

import static io.cairn.codec.Codecs.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DatumCodecTest {

  private static byte[] key(ColumnType t, Object v) {
    return Codecs.encode((w, x) -> DatumCodec.encodeKey(w, t, x), v);
  }

  private static byte[] value(ColumnType t, Object v) {
    return Codecs.encode((w, x) -> DatumCodec.encodeValue(w, t, x), v);
  }

  /** TiDB codec.EncodeKey / EncodeValue: flag byte, then the flag's encoding. */
  @Test
  void goldenKeyDatumsMatchTiDB() {
    assertThat(DatumCodec.encodeKey(
            List.of(ColumnType.INT64, ColumnType.BYTES), List.of(1L, "abc".getBytes())))
        .isEqualTo(bytes("03 8000000000000001 01 6162630000000000fa"));
    assertThat(key(ColumnType.INT64, null)).isEqualTo(bytes("00"));
    assertThat(key(ColumnType.UINT64, -1L)).isEqualTo(bytes("04 ffffffffffffffff"));
    assertThat(key(ColumnType.FLOAT64, 5.5)).isEqualTo(bytes("05 c016000000000000"));
    assertThat(key(ColumnType.decimal(14, 4), new BigDecimal("1234567890.1234")))
        .isEqualTo(bytes("06 0e04 810dfb38d204d2"));
    assertThat(key(ColumnType.decimal(), BigDecimal.ONE)).isEqualTo(bytes("06 0100 81"));
    assertThat(key(ColumnType.datetime(0), MysqlTime.datetime(2016, 6, 23, 11, 30, 45, 0, 0)))
        .isEqualTo(bytes("04 1999aeb7ad000000"));
    assertThat(key(ColumnType.duration(0), Duration.ofSeconds(1)))
        .isEqualTo(bytes("07 800000003b9aca00"));
    assertThat(key(ColumnType.INT64, DatumCodec.KeyBound.MIN_NOT_NULL)).isEqualTo(bytes("01"));
    assertThat(key(ColumnType.BYTES, DatumCodec.KeyBound.MAX_VALUE)).isEqualTo(bytes("fa"));
  }

  @Test
  void goldenValueDatumsMatchTiDB() {
    assertThat(value(ColumnType.INT64, 1L)).isEqualTo(bytes("08 02"));
    assertThat(value(ColumnType.INT64, -1L)).isEqualTo(bytes("08 01"));
    assertThat(value(ColumnType.UINT64, 300L)).isEqualTo(bytes("09 ac02"));
    assertThat(value(ColumnType.BYTES, "abc".getBytes())).isEqualTo(bytes("02 06 616263"));
    assertThat(value(ColumnType.FLOAT64, 5.5)).isEqualTo(bytes("05 c016000000000000"));
    assertThat(value(ColumnType.DATE, null)).isEqualTo(bytes("00"));
  }

  @Test
  void nullSortsFirstAndBoundsEncloseEveryValue() {
    Random r = new Random(42);
    for (int i = 0; i < 1000; i++) {
      ColumnType t = Gen.anyType(r);
      byte[] v = key(t, Gen.value(r, t));
      byte[] nil = key(t, null);
      byte[] min = key(t, DatumCodec.KeyBound.MIN_NOT_NULL);
      byte[] max = key(t, DatumCodec.KeyBound.MAX_VALUE);
      assertThat(Arrays.compareUnsigned(nil, min)).as("%s", t).isNegative();
      assertThat(Arrays.compareUnsigned(min, v)).as("%s", t).isNegative();
      assertThat(Arrays.compareUnsigned(v, max)).as("%s", t).isNegative();
    }
  }

  @Test
  void decodeAnyReportsFlagsAndRawValues() {
    ByteWriter w = new ByteWriter();
    DatumCodec.encodeKey(w, ColumnType.INT64, -5L);
    DatumCodec.encodeValue(w, ColumnType.UINT64, 7L);
    DatumCodec.encodeKey(w, ColumnType.BYTES, null);
    DatumCodec.encodeKey(w, ColumnType.BYTES, DatumCodec.KeyBound.MAX_VALUE);
    ByteReader r = new ByteReader(w.toByteArray());
    assertThat(DatumCodec.decodeAny(r)).isEqualTo(new DatumCodec.RawDatum(DatumCodec.INT_FLAG, -5L));
    assertThat(DatumCodec.decodeAny(r))
        .isEqualTo(new DatumCodec.RawDatum(DatumCodec.UVARINT_FLAG, 7L));
    assertThat(DatumCodec.decodeAny(r)).isEqualTo(new DatumCodec.RawDatum(DatumCodec.NIL_FLAG, null));
    assertThat(DatumCodec.decodeAny(r).value()).isEqualTo(DatumCodec.KeyBound.MAX_VALUE);
    assertThat(r.hasRemaining()).isFalse();
    assertThatThrownBy(() -> DatumCodec.decodeAny(new ByteReader(bytes("0b"))))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("unknown datum flag 11");
  }

  @Test
  void rejectsMismatchedFlagsClassesAndTrailingBytes() {
    byte[] intKey = key(ColumnType.INT64, 1L);
    assertThatThrownBy(() -> DatumCodec.decode(new ByteReader(intKey), ColumnType.BYTES))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("does not hold a BYTES");
    assertThatThrownBy(() -> key(ColumnType.INT64, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expects Long");
    assertThatThrownBy(() -> key(ColumnType.DATE, MysqlTime.datetime(2000, 1, 1, 0, 0, 0, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> value(ColumnType.INT64, DatumCodec.KeyBound.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] twoInts = DatumCodec.encodeKey(List.of(ColumnType.INT64, ColumnType.INT64), List.of(1L, 2L));
    assertThatThrownBy(() -> DatumCodec.decodeKey(twoInts, List.of(ColumnType.INT64)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("left");
  }

  /** Every kind through the compact value datums (not ordered; round trip only). */
  @Test
  void valueDatumPropertyRoundTrip() {
    Property.forAll(
        "datum-value",
        r -> {
          ColumnType t = Gen.anyType(r);
          Object v = r.nextInt(10) == 0 ? null : Gen.value(r, t);
          Codecs.roundTrip(
              v, (w, x) -> DatumCodec.encodeValue(w, t, x), rd -> DatumCodec.decode(rd, t),
              (e, a) -> Gen.sameValue(t, e, a));
        });
  }

  /**
   * Composite keys of 1 to 4 columns of random kinds (NULLs included): the byte order of the
   * encodings is the tuple order of the values, and the key decodes back.
   */
  @Test
  void compositeKeyPropertyOrderAndRoundTrip() {
    Property.forAll(
        "composite-key",
        r -> {
          int n = 1 + r.nextInt(4);
          List<ColumnType> types = new ArrayList<>();
          List<Object> a = new ArrayList<>();
          List<Object> b = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            ColumnType t = Gen.anyType(r);
            types.add(t);
            Object va = r.nextInt(8) == 0 ? null : Gen.value(r, t);
            a.add(va);
            // Long shared prefixes make the later columns decide often.
            b.add(r.nextInt(3) > 0 ? va : Gen.near(r, t, va));
          }
          byte[] ka = DatumCodec.encodeKey(types, a);
          byte[] kb = DatumCodec.encodeKey(types, b);
          int want = 0;
          for (int i = 0; i < n && want == 0; i++) {
            want = Property.sign(Gen.order(types.get(i)).compare(a.get(i), b.get(i)));
          }
          assertThat(Property.sign(Arrays.compareUnsigned(ka, kb)))
              .as("%s vs %s as %s", show(a), show(b), types)
              .isEqualTo(want);
          for (Object[] kv : new Object[][] {{ka, a}, {kb, b}}) {
            @SuppressWarnings("unchecked")
            List<Object> values = (List<Object>) kv[1];
            List<Object> back = DatumCodec.decodeKey((byte[]) kv[0], types);
            for (int i = 0; i < n; i++) {
              assertThat(Gen.sameValue(types.get(i), values.get(i), back.get(i)))
                  .as("column %d of %s came back as %s", i, show(values), show(back))
                  .isTrue();
            }
          }
        });
  }

  private static String show(List<Object> values) {
    return values.stream().map(Gen::show).toList().toString();
  }
}
