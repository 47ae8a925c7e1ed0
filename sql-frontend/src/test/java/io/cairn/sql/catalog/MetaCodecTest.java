package io.cairn.sql.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.codec.MysqlTime;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetaCodecTest {

  private static ColumnInfo col(long id, int offset, SqlType type, ColumnDefault def) {
    return new ColumnInfo(id, "c" + id, offset, type, true, def, false, false,
        type.kind().isText() ? "utf8mb4_bin" : null, "comment " + id, SchemaState.PUBLIC);
  }

  static TableInfo sampleTable() {
    List<ColumnInfo> cols = new ArrayList<>();
    cols.add(new ColumnInfo(1, "id", 0, SqlType.bigint().withUnsigned(), false,
        ColumnDefault.NONE, true, false, null, "", SchemaState.PUBLIC));
    Object[][] typed = {
        {SqlType.of(TypeKind.TINYINT), -3L},
        {SqlType.decimal(12, 4), new BigDecimal("-1.2500")},
        {SqlType.of(TypeKind.DOUBLE), 2.5d},
        {SqlType.varchar(20), "héllo".getBytes(StandardCharsets.UTF_8)},
        {SqlType.binary(2), new byte[] {0, 1}},
        {SqlType.of(TypeKind.DATE), MysqlTime.date(2020, 2, 29)},
        {SqlType.temporal(TypeKind.DATETIME, 6), MysqlTime.datetime(1, 2, 3, 4, 5, 6, 7, 6)},
        {SqlType.temporal(TypeKind.TIME, 2), Duration.ofMillis(-1230)},
        {SqlType.of(TypeKind.YEAR), 1999L},
        {new SqlType(TypeKind.INT, 5, 0, false, true), 3L},
    };
    long id = 2;
    for (Object[] tv : typed) {
      cols.add(col(id, cols.size(), (SqlType) tv[0], ColumnDefault.of(tv[1])));
      id++;
    }
    cols.add(col(id++, cols.size(), SqlType.temporal(TypeKind.TIMESTAMP, 3),
        ColumnDefault.CURRENT_TIMESTAMP));
    cols.add(col(id++, cols.size(), SqlType.of(TypeKind.JSON), ColumnDefault.NULL));
    cols.add(col(id, cols.size(), SqlType.of(TypeKind.TEXT), ColumnDefault.NONE)
        .withState(SchemaState.WRITE_ONLY));
    List<IndexInfo> idx = List.of(
        new IndexInfo(1, "PRIMARY", List.of(IndexColumn.of("id")), true, true, "", 
            SchemaState.PUBLIC),
        new IndexInfo(3, "k", List.of(IndexColumn.of("c5"), new IndexColumn("c14", 10)), false,
            false, "an index", SchemaState.WRITE_REORG));
    return new TableInfo(77, 5, "Tbl", cols, idx, true, "utf8mb4", "utf8mb4_bin", "tc", 1000,
        id + 3, 4, SchemaState.PUBLIC, null);
  }

  @Test
  void tableRoundTripsWithEveryTypeAndDefault() {
    TableInfo t = sampleTable();
    TableInfo back = MetaCodec.decodeTable(MetaCodec.encodeTable(t));
    assertThat(back.columns()).hasSameSizeAs(t.columns());
    for (int i = 0; i < t.columns().size(); i++) {
      ColumnInfo a = t.columns().get(i);
      ColumnInfo b = back.columns().get(i);
      assertThat(b.type()).isEqualTo(a.type());
      assertThat(b.withNullable(a.nullable())).usingRecursiveComparison()
          .ignoringFields("defaultValue").isEqualTo(a);
      if (a.defaultValue() instanceof ColumnDefault.Literal la && la.value() != null) {
        Object bv = ((ColumnDefault.Literal) b.defaultValue()).value();
        assertThat(bv).as(a.name()).usingRecursiveComparison().isEqualTo(la.value());
      } else {
        assertThat(b.defaultValue()).isEqualTo(a.defaultValue());
      }
    }
    assertThat(back.indexes()).isEqualTo(t.indexes());
    assertThat(back.withColumns(t.columns(), t.maxColumnId())).isEqualTo(t);
    assertThat(back.pkIsHandle()).isTrue();
    assertThat(back.handleColumn().orElseThrow().name()).isEqualTo("id");
  }

  @Test
  void viewsDatabasesDiffsAndRanges() {
    TableInfo v = new TableInfo(9, 5, "v", List.of(), List.of(), false, "utf8mb4",
        "utf8mb4_bin", "", 1, 0, 0, SchemaState.PUBLIC,
        new ViewInfo("select 1 as `a`", List.of("a", "b")));
    assertThat(MetaCodec.decodeTable(MetaCodec.encodeTable(v))).isEqualTo(v);
    DatabaseInfo db = new DatabaseInfo(5, "Dé", "utf8mb4", "utf8mb4_general_ci");
    assertThat(MetaCodec.decodeDatabase(MetaCodec.encodeDatabase(db))).isEqualTo(db);
    assertThat(MetaCodec.decodeDiff(MetaCodec.encodeDiff(List.of(1L, 1L << 40))))
        .containsExactly(1L, 1L << 40);
    List<byte[][]> ranges = MetaCodec.decodeRanges(MetaCodec.encodeRanges(
        List.<byte[][]>of(new byte[][] {{1, 2}, {3}})));
    assertThat(ranges.get(0)[0]).containsExactly(1, 2);
    assertThat(ranges.get(0)[1]).containsExactly(3);
  }

  @Test
  void unknownFormatsAndTrailingBytesAreRefused() {
    byte[] bytes = MetaCodec.encodeTable(sampleTable());
    byte[] wrongFormat = bytes.clone();
    wrongFormat[0] = 9;
    assertThatThrownBy(() -> MetaCodec.decodeTable(wrongFormat))
        .hasMessageContaining("unknown table meta format 9");
    byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> MetaCodec.decodeTable(longer)).hasMessageContaining("trailing");
  }
}
