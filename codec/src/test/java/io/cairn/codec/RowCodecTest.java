package io.cairn.codec;

import static io.cairn.codec.Codecs.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RowCodecTest {

  private static final ColumnType[] EVERY_TYPE = {
    ColumnType.INT64, ColumnType.UINT64, ColumnType.FLOAT64, ColumnType.decimal(10, 2),
    ColumnType.decimal(), ColumnType.BYTES, ColumnType.DATE, ColumnType.datetime(3),
    ColumnType.timestamp(6), ColumnType.duration(6)
  };

  private static final Object[] EVERY_VALUE = {
    -7L, -1L, 2.5, new BigDecimal("-12345678.90"), new BigDecimal("3.14159"), "héllo".getBytes(),
    MysqlTime.zero(MysqlTime.Type.DATE, 0), MysqlTime.datetime(2024, 2, 29, 23, 59, 58, 123_000, 3),
    MysqlTime.timestamp(2038, 1, 19, 3, 14, 7, 999_999, 6), Duration.ofHours(-838).minusNanos(1000)
  };

  @Test
  void goldenLayout() {
    byte[] row = RowCodec.encode(
        new long[] {3, 1, 2},
        new ColumnType[] {ColumnType.BYTES, ColumnType.INT64, ColumnType.INT64},
        new Object[] {"ab".getBytes(), 100L, null});
    assertThat(row).isEqualTo(bytes("81 00 0300 010203 02 0100 0100 0300 646162"));
    assertThat(RowCodec.encode(new long[0], new ColumnType[0], new Object[0]))
        .isEqualTo(bytes("81 00 0000"));
  }

  @Test
  void largeIdsSwitchToFourByteIdsAndOffsets() {
    byte[] row = RowCodec.encode(
        new long[] {300}, new ColumnType[] {ColumnType.INT64}, new Object[] {1L});
    assertThat(row).isEqualTo(bytes("81 01 0100 2c010000 00 01000000 01"));
    byte[] big = new byte[70_000];
    big[69_999] = 9;
    byte[] bigRow = RowCodec.encode(
        new long[] {1}, new ColumnType[] {ColumnType.BYTES}, new Object[] {big});
    assertThat(bigRow[1]).isEqualTo((byte) 1);
    assertThat((byte[]) decoder(1, ColumnType.BYTES).decode(bigRow)[0]).isEqualTo(big);
  }

  @Test
  void smallIntegersTakeFewBytes() {
    long[][] cases = {{0, 1}, {-128, 1}, {127, 1}, {128, 2}, {-32768, 2}, {40_000, 4},
      {Integer.MIN_VALUE, 4}, {1L << 31, 8}, {Long.MIN_VALUE, 8}};
    for (long[] c : cases) {
      byte[] row = RowCodec.encode(
          new long[] {1}, new ColumnType[] {ColumnType.INT64}, new Object[] {c[0]});
      assertThat(row.length - 8).as("bytes for %d", c[0]).isEqualTo((int) c[1]);
      assertThat(decoder(1, ColumnType.INT64).decode(row)[0]).isEqualTo(c[0]);
    }
    byte[] u = RowCodec.encode(
        new long[] {1}, new ColumnType[] {ColumnType.UINT64}, new Object[] {255L});
    assertThat(u.length - 8).isEqualTo(1);
    byte[] minusOne = RowCodec.encode(
        new long[] {1}, new ColumnType[] {ColumnType.UINT64}, new Object[] {-1L});
    assertThat(decoder(1, ColumnType.UINT64).decode(minusOne)[0]).isEqualTo(-1L);
  }

  @Test
  void everyTypeRoundTripsWithNullsAndInAnyIdOrder() {
    int n = EVERY_TYPE.length;
    long[] ids = new long[n * 2];
    ColumnType[] types = new ColumnType[n * 2];
    Object[] values = new Object[n * 2];
    List<RowDecoder.Column> cols = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids[i] = 100 - i;
      ids[n + i] = 200 + i;
      types[i] = types[n + i] = EVERY_TYPE[i];
      values[i] = EVERY_VALUE[i];
      values[n + i] = null;
    }
    for (int i = 0; i < 2 * n; i++) {
      cols.add(new RowDecoder.Column(ids[i], types[i], "unused default"));
    }
    Object[] back = new RowDecoder(cols).decode(RowCodec.encode(ids, types, values));
    for (int i = 0; i < 2 * n; i++) {
      assertThat(Gen.sameValue(types[i], values[i], back[i]))
          .as("column %d: %s came back as %s", ids[i], Gen.show(values[i]), Gen.show(back[i]))
          .isTrue();
    }
  }

  /** A column added after a row was written reads as its default; old rows stay as they are. */
  @Test
  void missingColumnsReadAsTheirDefaults() {
    byte[] oldRow = RowCodec.encode(
        new long[] {1, 2}, new ColumnType[] {ColumnType.INT64, ColumnType.BYTES},
        new Object[] {5L, "x".getBytes()});
    RowDecoder widened = new RowDecoder(List.of(
        new RowDecoder.Column(2, ColumnType.BYTES),
        new RowDecoder.Column(3, ColumnType.INT64, 42L),
        new RowDecoder.Column(4, ColumnType.DATE)));
    Object[] v = widened.decode(oldRow);
    assertThat((byte[]) v[0]).isEqualTo("x".getBytes());
    assertThat(v[1]).isEqualTo(42L);
    assertThat(v[2]).isNull();
  }

  @Test
  void rejectsBadRowsAndBadInput() {
    RowDecoder d = decoder(1, ColumnType.INT64);
    assertThatThrownBy(() -> d.decode(bytes("80 00 0000"))).isInstanceOf(CodecException.class)
        .hasMessageContaining("version");
    assertThatThrownBy(() -> d.decode(bytes("81 02 0000"))).isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> d.decode(bytes("81 00 0100 01 00 0300 0102"))).isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> d.decode(bytes("81 00 0100 01 00 0300 010203")))
        .isInstanceOf(CodecException.class).hasMessageContaining("integer of 3 bytes");
    assertThatThrownBy(() -> d.decode(bytes("81 00 0200 0201 00 0100 0200 0102")))
        .isInstanceOf(CodecException.class).hasMessageContaining("ascending");
    assertThatThrownBy(() -> d.decode(bytes("81 00 0100 01 01 0100 05")))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> d.decode(bytes("81 00 0100 01 00 0100")))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> RowCodec.encode(new long[] {1, 1},
        new ColumnType[] {ColumnType.INT64, ColumnType.INT64}, new Object[] {1L, 2L}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> RowCodec.encode(new long[] {-1},
        new ColumnType[] {ColumnType.INT64}, new Object[] {1L}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RowCodec.encode(new long[] {1},
        new ColumnType[] {ColumnType.INT64}, new Object[] {"1"}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Random rows of 0 to 12 columns of every kind, NULLs included, read back through a decoder
   * that asks for some stored columns, skips others and asks for ids the row lacks.
   */
  @Test
  void rowPropertyRoundTrip() {
    Property.forAll(
        "row",
        r -> {
          int n = r.nextInt(13);
          boolean largeIds = r.nextInt(5) == 0;
          Set<Long> used = new HashSet<>();
          long[] ids = new long[n];
          ColumnType[] types = new ColumnType[n];
          Object[] values = new Object[n];
          for (int i = 0; i < n; i++) {
            long id;
            do {
              id = largeIds ? r.nextInt(100_000) : 1 + r.nextInt(40);
            } while (!used.add(id));
            ids[i] = id;
            types[i] = Gen.anyType(r);
            values[i] = r.nextInt(6) == 0 ? null : Gen.value(r, types[i]);
          }
          byte[] row = RowCodec.encode(ids, types, values);
          List<RowDecoder.Column> wanted = new ArrayList<>();
          List<Object> expected = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            if (r.nextInt(4) > 0) {
              wanted.add(new RowDecoder.Column(ids[i], types[i], "default"));
              expected.add(values[i]);
            }
          }
          for (int extra = r.nextInt(3); extra > 0; extra--) {
            long id = 1_000_000 + r.nextInt(1000);
            if (used.add(id)) {
              Long dflt = r.nextBoolean() ? null : (long) r.nextInt(100);
              wanted.add(r.nextInt(wanted.size() + 1), new RowDecoder.Column(id, ColumnType.INT64, dflt));
            }
          }
          Object[] back = new RowDecoder(wanted).decode(row);
          for (int i = 0; i < wanted.size(); i++) {
            RowDecoder.Column c = wanted.get(i);
            Object want = c.id() >= 1_000_000 ? c.defaultValue() : values[indexOf(ids, c.id())];
            assertThat(Gen.sameValue(c.type(), want, back[i]))
                .as("column %d of %s: %s came back as %s", c.id(), Codecs.hex(row),
                    Gen.show(want), Gen.show(back[i]))
                .isTrue();
          }
        });
  }

  private static int indexOf(long[] ids, long id) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == id) {
        return i;
      }
    }
    throw new AssertionError("no id " + id);
  }

  private static RowDecoder decoder(long id, ColumnType type) {
    return new RowDecoder(List.of(new RowDecoder.Column(id, type)));
  }
}
