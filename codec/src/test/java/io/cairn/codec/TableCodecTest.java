package io.cairn.codec;

import static io.cairn.codec.Codecs.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableCodecTest {

  private static final List<ColumnType> INT_BYTES_FLOAT =
      List.of(ColumnType.INT64, ColumnType.BYTES, ColumnType.FLOAT64);

  /** TiDB tablecodec: "t" + EncodeInt(tableID) + "_r" + EncodeInt(handle). */
  @Test
  void goldenRecordKeyOfTable1Handle1() {
    assertThat(TableCodec.recordKey(1, 1))
        .isEqualTo(bytes("74 8000000000000001 5f72 8000000000000001"));
    assertThat(TableCodec.tablePrefix(1)).isEqualTo(bytes("74 8000000000000001"));
    assertThat(TableCodec.recordPrefix(1)).isEqualTo(bytes("74 8000000000000001 5f72"));
    assertThat(TableCodec.recordKey(55, 0xFFFF_FFFFL))
        .isEqualTo(bytes("74 8000000000000037 5f72 80000000ffffffff"));
    assertThat(TableCodec.recordKey(1, -1))
        .isEqualTo(bytes("74 8000000000000001 5f72 7fffffffffffffff"));
  }

  /** TiDB's TestCutKey index: table 4, index 5, values (1, "abc", 5.5), handle 100. */
  @Test
  void goldenIndexKeys() {
    List<Object> values = List.of(1L, "abc".getBytes(), 5.5);
    byte[] prefix = bytes("74 8000000000000004 5f69 8000000000000005");
    byte[] datums = bytes("03 8000000000000001 01 6162630000000000fa 05 c016000000000000");
    assertThat(TableCodec.indexPrefix(4, 5)).isEqualTo(prefix);
    assertThat(TableCodec.indexKey(4, 5, INT_BYTES_FLOAT, values))
        .isEqualTo(concat(prefix, datums));
    assertThat(TableCodec.nonUniqueIndexKey(4, 5, INT_BYTES_FLOAT, values, 100))
        .isEqualTo(concat(prefix, datums, bytes("03 8000000000000064")));
  }

  @Test
  void metaKeysLiveUnderM() {
    assertThat(TableCodec.metaPrefix()).isEqualTo(bytes("6d"));
    assertThat(TableCodec.metaKey("DBs".getBytes())).isEqualTo(bytes("6d 444273"));
    assertThat(TableCodec.prefixRange(TableCodec.metaPrefix()).contains(TableCodec.tablePrefix(1)))
        .isFalse();
  }

  @Test
  void prefixNextCarriesLikeTiDB() {
    assertThat(TableCodec.prefixNext(bytes("0102"))).isEqualTo(bytes("0103"));
    assertThat(TableCodec.prefixNext(bytes("01ff"))).isEqualTo(bytes("0200"));
    assertThat(TableCodec.prefixNext(bytes("ffff"))).isEqualTo(bytes("ffff00"));
    assertThat(TableCodec.prefixNext(new byte[0])).isEqualTo(bytes("00"));
  }

  @Test
  void rangesCoverExactlyTheirKeys() {
    assertThat(TableCodec.tableRange(1).end()).isEqualTo(TableCodec.tablePrefix(2));
    assertThat(TableCodec.recordRange(7).end()).isEqualTo(bytes("74 8000000000000007 5f73"));
    assertThat(TableCodec.handleRange(7, Long.MIN_VALUE, Long.MAX_VALUE).end())
        .isEqualTo(TableCodec.recordRange(7).end());
    assertThat(TableCodec.handleRange(7, 1, 1))
        .isEqualTo(new KeyRange(TableCodec.recordKey(7, 1), TableCodec.recordKey(7, 2)));
    KeyRange handles = TableCodec.handleRange(7, 10, 20);
    assertThat(handles.contains(TableCodec.recordKey(7, 10))).isTrue();
    assertThat(handles.contains(TableCodec.recordKey(7, 20))).isTrue();
    assertThat(handles.contains(TableCodec.recordKey(7, 21))).isFalse();
    assertThat(handles.contains(TableCodec.recordKey(7, 9))).isFalse();
    KeyRange index = TableCodec.indexRange(7, 1);
    assertThat(index.contains(TableCodec.nonUniqueIndexKey(
        7, 1, List.of(ColumnType.INT64), List.of(Long.MAX_VALUE), Long.MAX_VALUE))).isTrue();
    assertThat(index.contains(TableCodec.indexPrefix(7, 2))).isFalse();
    assertThat(TableCodec.tableRange(7).contains(TableCodec.indexPrefix(7, 2))).isTrue();
    assertThat(TableCodec.recordRange(7).contains(TableCodec.indexPrefix(7, 2))).isFalse();
    KeyRange eq = TableCodec.indexPrefixRange(7, 1, List.of(ColumnType.INT64), List.of(5L));
    assertThat(eq.contains(TableCodec.nonUniqueIndexKey(
        7, 1, List.of(ColumnType.INT64), List.of(5L), -3))).isTrue();
    assertThat(eq.contains(TableCodec.nonUniqueIndexKey(
        7, 1, List.of(ColumnType.INT64), List.of(6L), -3))).isFalse();
    assertThatThrownBy(() -> TableCodec.handleRange(7, 2, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decodesKeysBackToTheirParts() {
    assertThat(TableCodec.decodeRecordKey(TableCodec.recordKey(-3, 42)))
        .isEqualTo(new TableCodec.RecordKey(-3, 42));
    assertThat(TableCodec.decodeTableId(TableCodec.indexPrefix(9, 1))).isEqualTo(9);
    byte[] key = TableCodec.nonUniqueIndexKey(4, 5, INT_BYTES_FLOAT, List.of(1L, "abc".getBytes(), 5.5), 100);
    TableCodec.IndexKey parts = TableCodec.decodeIndexKey(key, INT_BYTES_FLOAT);
    assertThat(parts.tableId()).isEqualTo(4);
    assertThat(parts.indexId()).isEqualTo(5);
    assertThat(parts.handle()).isEqualTo(100L);
    assertThat(parts.values().get(0)).isEqualTo(1L);
    assertThat((byte[]) parts.values().get(1)).isEqualTo("abc".getBytes());
    assertThat(parts.values().get(2)).isEqualTo(5.5);
    assertThat(TableCodec.decodeIndexDatums(key)).hasSize(4);
    byte[] unique = TableCodec.indexKey(4, 5, List.of(ColumnType.INT64), List.of(1L));
    assertThat(TableCodec.decodeIndexKey(unique, List.of(ColumnType.INT64)).handle()).isNull();
    assertThat(TableCodec.isRecordKey(unique)).isFalse();
    assertThat(TableCodec.isIndexKey(unique)).isTrue();
  }

  @Test
  void rejectsKeysOfTheWrongShape() {
    assertThatThrownBy(() -> TableCodec.decodeRecordKey(TableCodec.indexPrefix(1, 1)))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> TableCodec.decodeRecordKey(Arrays.copyOf(TableCodec.recordKey(1, 1), 20)))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> TableCodec.decodeTableId("abcdefghijk".getBytes()))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> TableCodec.decodeIndexKey(TableCodec.recordKey(1, 1), List.of()))
        .isInstanceOf(CodecException.class);
    byte[] bytesTail = TableCodec.indexKey(1, 1, List.of(ColumnType.INT64, ColumnType.BYTES),
        List.of(1L, new byte[0]));
    assertThatThrownBy(() -> TableCodec.decodeIndexKey(bytesTail, List.of(ColumnType.INT64)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("no handle");
  }

  @Test
  void recordKeyPropertyOrderAndRoundTrip() {
    Property.forAll(
        "record-key",
        r -> {
          long ta = r.nextInt(4) == 0 ? Gen.anyLong(r) : r.nextInt(5);
          long tb = r.nextBoolean() ? ta : Gen.near(r, ta);
          long ha = Gen.anyLong(r);
          long hb = r.nextBoolean() ? Gen.near(r, ha) : Gen.anyLong(r);
          byte[] ka = TableCodec.recordKey(ta, ha);
          byte[] kb = TableCodec.recordKey(tb, hb);
          int want = ta != tb ? Long.compare(ta, tb) : Long.compare(ha, hb);
          assertThat(Property.sign(Arrays.compareUnsigned(ka, kb)))
              .as("(%d,%d) vs (%d,%d)", ta, ha, tb, hb)
              .isEqualTo(Property.sign(want));
          assertThat(TableCodec.decodeRecordKey(ka)).isEqualTo(new TableCodec.RecordKey(ta, ha));
          assertThat(TableCodec.recordRange(ta).contains(ka)).isTrue();
          assertThat(TableCodec.tableRange(ta).contains(ka)).isTrue();
        });
  }

  @Test
  void indexKeyPropertyOrderAndRoundTrip() {
    Property.forAll(
        "index-key",
        r -> {
          int n = 1 + r.nextInt(3);
          List<ColumnType> types = new ArrayList<>();
          List<Object> a = new ArrayList<>();
          List<Object> b = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            ColumnType t = Gen.anyType(r);
            types.add(t);
            Object va = r.nextInt(8) == 0 ? null : Gen.value(r, t);
            a.add(va);
            b.add(r.nextInt(3) > 0 ? va : Gen.near(r, t, va));
          }
          long index = r.nextInt(3);
          long indexB = r.nextInt(4) == 0 ? index + 1 : index;
          long ha = Gen.anyLong(r);
          long hb = r.nextBoolean() ? Gen.near(r, ha) : Gen.anyLong(r);
          byte[] ka = TableCodec.nonUniqueIndexKey(3, index, types, a, ha);
          byte[] kb = TableCodec.nonUniqueIndexKey(3, indexB, types, b, hb);
          int want = Long.compare(index, indexB);
          for (int i = 0; i < n && want == 0; i++) {
            want = Gen.order(types.get(i)).compare(a.get(i), b.get(i));
          }
          if (want == 0) {
            want = Long.compare(ha, hb);
          }
          assertThat(Property.sign(Arrays.compareUnsigned(ka, kb)))
              .as("%s/%d vs %s/%d as %s", a, ha, b, hb, types)
              .isEqualTo(Property.sign(want));
          TableCodec.IndexKey parts = TableCodec.decodeIndexKey(ka, types);
          assertThat(parts.tableId()).isEqualTo(3);
          assertThat(parts.indexId()).isEqualTo(index);
          assertThat(parts.handle()).isEqualTo(ha);
          for (int i = 0; i < n; i++) {
            assertThat(Gen.sameValue(types.get(i), a.get(i), parts.values().get(i))).isTrue();
          }
          assertThat(TableCodec.indexRange(3, index).contains(ka)).isTrue();
          assertThat(TableCodec.indexPrefixRange(3, index, types, a).contains(ka)).isTrue();
        });
  }

  private static byte[] concat(byte[]... parts) {
    ByteWriter w = new ByteWriter();
    for (byte[] p : parts) {
      w.write(p);
    }
    return w.toByteArray();
  }
}
