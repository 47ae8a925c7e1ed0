package io.cairn.sql.table;

import static io.cairn.sql.ddl.ColumnDefinition.of;
import static io.cairn.sql.testing.SqlAssertions.assertSqlError;
import static io.cairn.sql.testing.SqlFixture.s;
import static io.cairn.sql.table.TableWriter.DEFAULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.codec.MysqlTime;
import io.cairn.kv.StagingHandle;
import io.cairn.kv.Transaction;
import io.cairn.sql.catalog.ColumnDefault;
import io.cairn.sql.catalog.SqlType;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.catalog.TypeKind;
import io.cairn.sql.ddl.ColumnDefinition;
import io.cairn.sql.ddl.IndexDefinition;
import io.cairn.sql.ddl.TableDefinition;
import io.cairn.sql.testing.SqlFixture;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TableWriterTest {

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

  private TableInfo create(String name, List<ColumnDefinition> cols, IndexDefinition... idx) {
    f.ddl.createTable(TableDefinition.of("test", name, cols, List.of(idx)), false);
    return f.table("test", name);
  }

  @Test
  void everyTypeRoundTripsThroughRowsAndIndexes() {
    List<ColumnDefinition> cols = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    cols.add(of("id", SqlType.bigint()).withPrimaryKey());
    values.add(-5L);
    cols.add(of("ti", SqlType.of(TypeKind.TINYINT)));
    values.add(-128L);
    cols.add(of("tu", SqlType.of(TypeKind.TINYINT).withUnsigned()));
    values.add(255L);
    cols.add(of("si", SqlType.of(TypeKind.SMALLINT)));
    values.add(32767L);
    cols.add(of("mi", SqlType.of(TypeKind.MEDIUMINT)));
    values.add(-8388608L);
    cols.add(of("i", SqlType.integer()));
    values.add(2147483647L);
    cols.add(of("bu", SqlType.bigint().withUnsigned()));
    values.add(-1L); // 2^64-1
    cols.add(of("bo", SqlType.bool()));
    values.add(1L);
    cols.add(of("de", SqlType.decimal(10, 2)));
    values.add(new BigDecimal("-12345678.90"));
    cols.add(of("fl", SqlType.of(TypeKind.FLOAT)));
    values.add(1.5d);
    cols.add(of("db", SqlType.of(TypeKind.DOUBLE)));
    values.add(Math.PI);
    cols.add(of("ch", SqlType.charType(4)));
    values.add(s("ab"));
    cols.add(of("vc", SqlType.varchar(10)));
    values.add(s("héllo"));
    cols.add(of("tx", SqlType.of(TypeKind.TEXT)));
    values.add(s("long text"));
    cols.add(of("lt", SqlType.of(TypeKind.LONGTEXT)));
    values.add(s("x".repeat(1000)));
    cols.add(of("bi", SqlType.binary(3)));
    values.add(new byte[] {0, 1, 2});
    cols.add(of("vb", SqlType.varbinary(5)));
    values.add(new byte[] {(byte) 0xff});
    cols.add(of("bl", SqlType.of(TypeKind.BLOB)));
    values.add(new byte[] {9, 8, 7});
    cols.add(of("da", SqlType.of(TypeKind.DATE)));
    values.add(MysqlTime.date(2024, 2, 29));
    cols.add(of("dt", SqlType.temporal(TypeKind.DATETIME, 3)));
    values.add(MysqlTime.datetime(2024, 1, 2, 3, 4, 5, 678_000, 3));
    cols.add(of("ts", SqlType.temporal(TypeKind.TIMESTAMP, 0)));
    values.add(MysqlTime.timestamp(2001, 9, 9, 1, 46, 40, 0, 0));
    cols.add(of("tm", SqlType.temporal(TypeKind.TIME, 6)));
    values.add(Duration.ofHours(-838).minusMinutes(59).minusSeconds(59));
    cols.add(of("yr", SqlType.of(TypeKind.YEAR)));
    values.add(2155L);
    cols.add(of("js", SqlType.of(TypeKind.JSON)));
    values.add(s("{\"a\": [1, 2]}"));
    List<IndexDefinition> idx = new ArrayList<>();
    for (ColumnDefinition c : cols.subList(1, cols.size())) {
      if (c.type().kind().isLob()) {
        if (c.type().kind() != TypeKind.JSON) {
          idx.add(new IndexDefinition("i_" + c.name(),
              List.of(new io.cairn.sql.catalog.IndexColumn(c.name(), 4)), false, false, ""));
        }
      } else {
        idx.add(IndexDefinition.uniqueIndex("u_" + c.name(), c.name()));
      }
    }
    f.ddl.createTable(TableDefinition.of("test", "all", cols, idx), false);
    TableInfo t = f.table("test", "all");
    Object[] row = values.toArray();
    f.insert(t, row);
    Object[] read = f.rows(t).get(0).values();
    for (int i = 0; i < row.length; i++) {
      assertThat(Values.same(read[i], row[i])).as(cols.get(i).name() + ": " + read[i]).isTrue();
    }
    try (Transaction txn = f.storage.begin()) {
      AdminCheck.checkTable(txn, t);
      TableReader r = new TableReader(t);
      assertThat(r.lookupUnique(txn, t.index("u_bu").orElseThrow(), List.of(-1L)))
          .isEqualTo(-5L);
      assertThat(r.lookupUnique(txn, t.index("u_vc").orElseThrow(), List.of(s("héllo"))))
          .isEqualTo(-5L);
      assertThat(r.lookupPrefix(txn, t.index("i_lt").orElseThrow(), List.of(s("xxxx"))))
          .singleElement().satisfies(h -> assertThat(h.handle()).isEqualTo(-5L));
    }
  }

  @Test
  void defaultsAndNotNull() {
    TableInfo t = create("d", List.of(
        of("id", SqlType.integer()).withAutoIncrement().withPrimaryKey(),
        of("a", SqlType.integer()).withDefault(ColumnDefault.of(42L)),
        of("b", SqlType.varchar(5)),
        of("c", SqlType.temporal(TypeKind.DATETIME, 2)).withDefault(ColumnDefault
            .CURRENT_TIMESTAMP),
        of("d", SqlType.integer()).notNull()));
    assertSqlError(1364, "Field 'd' doesn't have a default value",
        () -> f.insert(t, new Object[] {DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT}));
    assertSqlError(1048, "Column 'd' cannot be null",
        () -> f.insert(t, new Object[] {DEFAULT, DEFAULT, DEFAULT, DEFAULT, null}));
    f.insert(t, new Object[] {DEFAULT, DEFAULT, DEFAULT, DEFAULT, 1L});
    Object[] row = f.rows(t).get(0).values();
    assertThat(row[1]).isEqualTo(42L);
    assertThat(row[2]).isNull();
    assertThat(row[3]).isEqualTo(MysqlTime.datetime(2024, 5, 6, 7, 8, 9, 120_000, 2));
    // Outside strict mode a NOT NULL column without default takes the zero value.
    f.write(t, txn -> f.writer.insert(txn, t, new Object[] {DEFAULT, DEFAULT, DEFAULT, DEFAULT,
        DEFAULT}, new WriteContext(false, SqlFixture.NOW)));
    assertThat(f.rows(t).get(1).values()[4]).isEqualTo(0L);
  }

  @Test
  void autoIncrementAndLastInsertId() {
    TableInfo t = create("a", List.of(
        of("id", SqlType.bigint()).withAutoIncrement().withPrimaryKey(),
        of("v", SqlType.integer())));
    WriteContext ctx = SqlFixture.ctx();
    f.write(t, txn -> {
      f.writer.insert(txn, t, new Object[] {DEFAULT, 1L}, ctx);
      f.writer.insert(txn, t, new Object[] {null, 2L}, ctx);
      f.writer.insert(txn, t, new Object[] {0L, 3L}, ctx);
      return null;
    });
    assertThat(ctx.firstAutoId()).isEqualTo(1L);
    f.insert(t, new Object[] {100L, 4L});
    WriteContext ctx2 = SqlFixture.ctx();
    f.write(t, txn -> f.writer.insert(txn, t, new Object[] {DEFAULT, 5L}, ctx2));
    assertThat(ctx2.firstAutoId()).isEqualTo(101L);
    assertThat(f.rows(t)).extracting(TableReader.Row::handle).containsExactly(1L, 2L, 3L, 100L,
        101L);
    assertSqlError(1062, "Duplicate entry '100' for key 'a.PRIMARY'",
        () -> f.insert(t, new Object[] {100L, 6L}));
  }

  @Test
  void uniqueChecksAndNullsInUniqueIndexes() {
    TableInfo t = create("u", List.of(of("a", SqlType.integer()), of("b", SqlType.varchar(5)),
        of("c", SqlType.integer())), IndexDefinition.uniqueIndex("ab", "a", "b"),
        IndexDefinition.index("ic", "c"));
    assertThat(t.hasHiddenRowId()).isTrue();
    f.insert(t, new Object[] {1L, s("x"), 1L}, new Object[] {1L, null, 1L},
        new Object[] {1L, null, 1L}, new Object[] {null, null, 2L});
    assertSqlError(1062, "Duplicate entry '1-x' for key 'u.ab'",
        () -> f.insert(t, new Object[] {1L, s("x"), 3L}));
    // Within one transaction the second insert sees the first.
    assertThatThrownBy(() -> f.insert(t, new Object[] {2L, s("y"), 3L},
        new Object[] {2L, s("y"), 4L}))
        .isInstanceOf(DuplicateKeyException.class)
        .satisfies(e -> assertThat(((DuplicateKeyException) e).indexName()).isEqualTo("u.ab"));
    assertThat(f.rows(t)).hasSize(4);
    try (Transaction txn = f.storage.begin()) {
      AdminCheck.checkTable(txn, t);
      TableReader r = new TableReader(t);
      assertThat(r.lookupUnique(txn, t.index("ab").orElseThrow(), java.util.Arrays.asList(1L,
          null))).isNull();
      assertThat(r.lookupPrefix(txn, t.index("ab").orElseThrow(), java.util.Arrays.asList(1L,
          null))).hasSize(2);
      assertThat(r.lookupPrefix(txn, t.index("ic").orElseThrow(), List.of(1L))).hasSize(3);
    }
  }

  @Test
  void duplicateCarriesTheExistingHandleAndFailedStatementRollsBackAlone() {
    TableInfo t = create("p", List.of(of("id", SqlType.integer()).withPrimaryKey(),
        of("u", SqlType.integer()).withUnique()));
    f.insert(t, new Object[] {1L, 10L});
    f.write(t, txn -> {
      f.writer.insert(txn, t, new Object[] {2L, 20L}, SqlFixture.ctx());
      StagingHandle stage = txn.memBuffer().staging();
      assertThatThrownBy(() -> f.writer.insert(txn, t, new Object[] {3L, 10L},
          SqlFixture.ctx()))
          .isInstanceOfSatisfying(DuplicateKeyException.class,
              e -> assertThat(e.existingHandle()).isEqualTo(1L));
      txn.memBuffer().cleanup(stage);
      return null;
    });
    assertThat(f.rows(t)).extracting(TableReader.Row::handle).containsExactly(1L, 2L);
  }

  @Test
  void updateMaintainsIndexesAndMovesTheHandle() {
    TableInfo t = create("m", List.of(of("id", SqlType.integer()).withPrimaryKey(),
        of("u", SqlType.integer()).withUnique(), of("n", SqlType.varchar(4)),
        of("ts", SqlType.temporal(TypeKind.TIMESTAMP, 0)).withOnUpdateCurrentTimestamp()),
        IndexDefinition.index("in", "n"));
    MysqlTime old = MysqlTime.timestamp(2000, 1, 1, 0, 0, 0, 0, 0);
    f.insert(t, new Object[] {1L, 10L, s("a"), old}, new Object[] {2L, 20L, s("b"), old});
    TableReader reader = new TableReader(t);
    long h = f.write(t, txn -> f.writer.update(txn, t, 1, reader.get(txn, 1),
        new Object[] {5L, 10L, s("c"), old}, SqlFixture.ctx()));
    assertThat(h).isEqualTo(5L);
    Object[] moved = f.rows(t).get(1).values();
    assertThat(moved[0]).isEqualTo(5L);
    assertThat(moved[3]).isEqualTo(MysqlTime.timestamp(2024, 5, 6, 7, 8, 9, 0, 0));
    assertSqlError(1062, "Duplicate entry '20' for key 'm.u'", () -> f.write(t,
        txn -> f.writer.update(txn, t, 5, reader.get(txn, 5), new Object[] {5L, 20L, s("c"),
            old}, SqlFixture.ctx())));
    assertSqlError(1062, "Duplicate entry '2' for key 'm.PRIMARY'", () -> f.write(t,
        txn -> f.writer.update(txn, t, 5, reader.get(txn, 5), new Object[] {2L, 30L, s("c"),
            old}, SqlFixture.ctx())));
    // An unchanged row writes nothing.
    f.write(t, txn -> {
      f.writer.update(txn, t, 2, reader.get(txn, 2), reader.get(txn, 2), SqlFixture.ctx());
      assertThat(txn.memBuffer().len()).isZero();
      return null;
    });
    f.write(t, txn -> {
      f.writer.delete(txn, t, 2, reader.get(txn, 2));
      return null;
    });
    try (Transaction txn = f.storage.begin()) {
      AdminCheck.Result r = AdminCheck.check(txn, t);
      assertThat(r.problems()).isEmpty();
      assertThat(r.rows()).isEqualTo(1);
      assertThat(reader.lookupPrefix(txn, t.index("in").orElseThrow(), List.of(s("c"))))
          .extracting(TableReader.IndexHit::handle).containsExactly(5L);
      assertThat(reader.lookupUnique(txn, t.index("u").orElseThrow(), List.of(10L)))
          .isEqualTo(5L);
    }
  }

  @Test
  void rangeChecks() {
    TableInfo t = create("r", List.of(of("ti", SqlType.of(TypeKind.TINYINT)),
        of("iu", SqlType.integer().withUnsigned()), of("vc", SqlType.varchar(3)),
        of("vb", SqlType.varbinary(2)), of("de", SqlType.decimal(4, 2)),
        of("yr", SqlType.of(TypeKind.YEAR)), of("fl", SqlType.of(TypeKind.FLOAT))));
    Object[] ok = {127L, 4294967295L, s("äöü"), new byte[2], new BigDecimal("99.994"), 1901L,
        1e38};
    f.insert(t, ok);
    assertThat(f.rows(t).get(0).values()[4]).isEqualTo(new BigDecimal("99.99"));
    int[] col = {0, 1, 2, 3, 4, 5, 6};
    Object[] bad = {128L, -1L, s("abcd"), new byte[3], new BigDecimal("99.995"), 1900L, 1e39};
    String[] names = {"ti", "iu", "vc", "vb", "de", "yr", "fl"};
    for (int i : col) {
      Object[] row = ok.clone();
      row[i] = bad[i];
      int errno = i == 2 || i == 3 ? 1406 : 1264;
      String msg = errno == 1406 ? "Data too long for column '" + names[i] + "' at row 1"
          : "Out of range value for column '" + names[i] + "' at row 1";
      assertSqlError(errno, msg, () -> f.insert(t, row));
    }
    assertSqlError(1105, () -> f.insert(t, new Object[] {"text", DEFAULT, DEFAULT, DEFAULT,
        DEFAULT, DEFAULT, DEFAULT}));
  }

}
