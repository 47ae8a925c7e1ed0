package io.cairn.sql.table;

import static io.cairn.sql.ddl.ColumnDefinition.of;
import static io.cairn.sql.testing.SqlFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.KvIterator;
import io.cairn.kv.Transaction;
import io.cairn.sql.catalog.IndexInfo;
import io.cairn.sql.catalog.SchemaState;
import io.cairn.sql.catalog.SqlType;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.ddl.IndexDefinition;
import io.cairn.sql.ddl.TableDefinition;
import io.cairn.sql.testing.SqlFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TableReaderTest {

  private SqlFixture f;

  @BeforeEach
  void setUp() {
    f = new SqlFixture();
    f.ddl.createDatabase("test", false);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void handleRangeScansIncludingNegativeHandles() {
    f.ddl.createTable(TableDefinition.of("test", "t", List.of(
        of("id", SqlType.bigint()).withPrimaryKey(), of("v", SqlType.integer())),
        List.of()), false);
    TableInfo t = f.table("test", "t");
    for (long h : new long[] {Long.MIN_VALUE, -3, 0, 5, 9, Long.MAX_VALUE}) {
      f.insert(t, new Object[] {h, h == Long.MIN_VALUE ? null : h % 7});
    }
    TableReader r = new TableReader(t);
    try (Transaction txn = f.storage.begin()) {
      assertThat(handles(r.scan(txn, -3, 5))).containsExactly(-3L, 0L, 5L);
      assertThat(handles(r.scan(txn, 6, Long.MAX_VALUE))).containsExactly(9L, Long.MAX_VALUE);
      assertThat(handles(r.scanAll(txn))).hasSize(6).first().isEqualTo(Long.MIN_VALUE);
      assertThat(r.get(txn, 9)).containsExactly(9L, 2L);
      assertThat(r.get(txn, 10)).isNull();
    }
  }

  @Test
  void hiddenRowIdsAreIncreasingHandles() {
    f.ddl.createTable(TableDefinition.of("test", "h", List.of(of("v", SqlType.varchar(3))),
        List.of()), false);
    TableInfo t = f.table("test", "h");
    f.insert(t, new Object[] {s("a")}, new Object[] {s("b")}, new Object[] {null});
    assertThat(f.rows(t)).extracting(TableReader.Row::handle).containsExactly(1L, 2L, 3L);
    assertThat(f.rows(t).get(1).values()).containsExactly((Object) s("b"));
  }

  @Test
  void indexReadsNeedAReadableIndexAndScanInIndexOrder() {
    f.ddl.createTable(TableDefinition.of("test", "t", List.of(
        of("id", SqlType.bigint()).withPrimaryKey(), of("v", SqlType.integer())),
        List.of(IndexDefinition.index("iv", "v"))), false);
    TableInfo t = f.table("test", "t");
    f.insert(t, new Object[] {1L, 30L}, new Object[] {2L, 10L}, new Object[] {3L, null},
        new Object[] {4L, 10L});
    TableReader r = new TableReader(t);
    IndexInfo iv = t.index("iv").orElseThrow();
    try (Transaction txn = f.storage.begin();
        KvIterator<TableReader.IndexHit> it = r.scanIndex(txn, iv, r.indexRange(iv))) {
      List<String> seen = new ArrayList<>();
      it.forEachRemaining(h -> seen.add(h.values().get(0) + "@" + h.handle()));
      assertThat(seen).containsExactly("null@3", "10@2", "10@4", "30@1");
      IndexInfo building = iv.withState(SchemaState.WRITE_REORG);
      assertThatThrownBy(() -> r.lookupPrefix(txn, building, List.of(10L)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("WRITE_REORG");
    }
  }

  private static List<Long> handles(KvIterator<TableReader.Row> it) {
    List<Long> out = new ArrayList<>();
    try (it) {
      it.forEachRemaining(r -> out.add(r.handle()));
    }
    return out;
  }
}
