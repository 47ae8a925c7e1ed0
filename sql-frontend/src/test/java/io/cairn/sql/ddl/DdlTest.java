package io.cairn.sql.ddl;

import static io.cairn.sql.ddl.ColumnDefinition.of;
import static io.cairn.sql.testing.SqlAssertions.assertSqlError;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.codec.TableCodec;
import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import io.cairn.kv.Transaction;
import io.cairn.sql.catalog.ColumnDefault;
import io.cairn.sql.catalog.IndexColumn;
import io.cairn.sql.catalog.IndexInfo;
import io.cairn.sql.catalog.InfoSchema;
import io.cairn.sql.catalog.MetaStore;
import io.cairn.sql.catalog.SchemaState;
import io.cairn.sql.catalog.SqlType;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.catalog.TypeKind;
import io.cairn.sql.catalog.ViewInfo;
import io.cairn.sql.table.AdminCheck;
import io.cairn.sql.table.TableReader;
import io.cairn.sql.table.TableWriter;
import io.cairn.sql.testing.SqlFixture;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DdlTest {

  private SqlFixture f;

  @BeforeEach
  void setUp() {
    f = new SqlFixture(3, 4);
    f.ddl.createDatabase("test", false);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private void createT() {
    f.ddl.createTable(TableDefinition.of("test", "t",
        List.of(of("id", SqlType.bigint()).withPrimaryKey(), of("a", SqlType.varchar(10)),
            of("b", SqlType.integer())),
        List.of(IndexDefinition.index("ia", "a"))), false);
  }

  private long keysWithPrefix(byte[] prefix) {
    long n = 0;
    try (Transaction txn = f.storage.begin();
        KvIterator<KvPair> it = txn.iterate(KeyRange.prefix(Key.copyOf(prefix)))) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }

  @Test
  void createAndDropDatabase() {
    long v = f.catalog.current().version();
    f.ddl.createDatabase("Shop", false);
    assertThat(f.catalog.current().version()).isEqualTo(v + 1);
    assertThat(f.catalog.current().database("shop")).isPresent();
    assertSqlError(1007, "Can't create database 'SHOP'; database exists",
        () -> f.ddl.createDatabase("SHOP", false));
    f.ddl.createDatabase("shop", true);
    assertThat(f.catalog.current().version()).isEqualTo(v + 1);
    f.ddl.dropDatabase("shop", false);
    assertThat(f.catalog.current().database("shop")).isEmpty();
    assertSqlError(1008, "Can't drop database 'shop'; database doesn't exist",
        () -> f.ddl.dropDatabase("shop", false));
    f.ddl.dropDatabase("shop", true);
    assertSqlError(1273, () -> f.ddl.createDatabase("x", "utf8mb4", "klingon_ci", false));
    assertSqlError(1115, () -> f.ddl.createDatabase("x", "ebcdic", "utf8mb4_bin", false));
  }

  @Test
  void dropDatabaseDropsItsTablesAndData() {
    createT();
    TableInfo t = f.table("test", "t");
    f.insert(t, new Object[] {1L, SqlFixture.s("x"), 2L});
    f.ddl.dropDatabase("test", false);
    assertThat(f.catalog.current().tables("test")).isEmpty();
    assertThat(keysWithPrefix(TableCodec.tablePrefix(t.id()))).isZero();
  }

  @Test
  void createTableBuildsTheSchema() {
    createT();
    TableInfo t = f.table("TEST", "T");
    assertThat(t.pkIsHandle()).isTrue();
    assertThat(t.columns()).extracting(c -> c.name()).containsExactly("id", "a", "b");
    assertThat(t.columns()).extracting(c -> c.id()).containsExactly(1L, 2L, 3L);
    assertThat(t.requireColumn("ID").nullable()).isFalse();
    assertThat(t.requireColumn("a").collation()).isEqualTo("utf8mb4_bin");
    assertThat(t.requireColumn("b").collation()).isNull();
    assertThat(t.storedIndexes()).extracting(IndexInfo::name).containsExactly("ia");
    assertThat(t.index("primary").orElseThrow().primary()).isTrue();
    assertThat(t.hasHiddenRowId()).isFalse();
  }

  @Test
  void nonIntegerPrimaryKeyIsAUniqueIndexWithHiddenRowId() {
    f.ddl.createTable(TableDefinition.of("test", "s",
        List.of(of("code", SqlType.varchar(8)), of("n", SqlType.integer()).withUnique(),
            of("m", SqlType.integer()).withUnique()),
        List.of(IndexDefinition.primaryKey("code"), IndexDefinition.index(null, "n"))), false);
    TableInfo t = f.table("test", "s");
    assertThat(t.pkIsHandle()).isFalse();
    assertThat(t.hasHiddenRowId()).isTrue();
    assertThat(t.storedIndexes()).extracting(IndexInfo::name)
        .containsExactly("PRIMARY", "n", "m", "n_2");
    assertThat(t.requireColumn("code").nullable()).isFalse();
  }

  @Test
  void createTableErrors() {
    createT();
    assertSqlError(1050, "Table 't' already exists", this::createT);
    f.ddl.createTable(TableDefinition.of("test", "T", List.of(of("x", SqlType.integer())),
        List.of()), true);
    assertSqlError(1049, "Unknown database 'nope'", () -> f.ddl.createTable(
        TableDefinition.of("nope", "t", List.of(of("x", SqlType.integer())), List.of()), false));
    assertSqlError(1113, "A table must have at least 1 column", () -> f.ddl.createTable(
        TableDefinition.of("test", "e", List.of(), List.of()), false));
    assertSqlError(1060, "Duplicate column name 'A'", () -> f.ddl.createTable(
        TableDefinition.of("test", "e", List.of(of("a", SqlType.integer()),
            of("A", SqlType.integer())), List.of()), false));
    assertSqlError(1061, "Duplicate key name 'K'", () -> f.ddl.createTable(
        TableDefinition.of("test", "e", List.of(of("a", SqlType.integer()),
            of("b", SqlType.integer())),
            List.of(IndexDefinition.index("k", "a"), IndexDefinition.index("K", "b"))), false));
    assertSqlError(1068, "Multiple primary key defined", () -> f.ddl.createTable(
        TableDefinition.of("test", "e", List.of(of("a", SqlType.integer()).withPrimaryKey(),
            of("b", SqlType.integer())), List.of(IndexDefinition.primaryKey("b"))), false));
    assertSqlError(1075, () -> f.ddl.createTable(
        TableDefinition.of("test", "e", List.of(of("a", SqlType.integer()).withAutoIncrement()),
            List.of()), false));
    assertSqlError(1075, () -> f.ddl.createTable(
        TableDefinition.of("test", "e", List.of(
            of("a", SqlType.integer()).withAutoIncrement().withPrimaryKey(),
            of("b", SqlType.integer()).withAutoIncrement().withUnique()), List.of()), false));
    assertSqlError(1072, "Key column 'zz' doesn't exist in table", () -> f.ddl.createTable(
        TableDefinition.of("test", "e", List.of(of("a", SqlType.integer())),
            List.of(IndexDefinition.index("k", "zz"))), false));
    assertSqlError(1063, () -> f.ddl.createTable(
        TableDefinition.of("test", "e", List.of(of("a", SqlType.varchar(3)).withAutoIncrement()
            .withPrimaryKey()), List.of()), false));
    assertSqlError(1067, "Invalid default value for 'a'", () -> f.ddl.createTable(
        TableDefinition.of("test", "e", List.of(of("a", SqlType.of(TypeKind.TINYINT))
            .withDefault(ColumnDefault.of(300L))), List.of()), false));
    assertSqlError(1067, () -> f.ddl.createTable(
        TableDefinition.of("test", "e", List.of(of("a", SqlType.integer()).notNull()
            .withDefault(ColumnDefault.NULL)), List.of()), false));
    assertSqlError(1067, () -> f.ddl.createTable(
        TableDefinition.of("test", "e", List.of(of("a", SqlType.integer())
            .withDefault(ColumnDefault.CURRENT_TIMESTAMP)), List.of()), false));
    assertSqlError(1101, () -> f.ddl.createTable(
        TableDefinition.of("test", "e", List.of(of("a", SqlType.of(TypeKind.TEXT))
            .withDefault(ColumnDefault.of(SqlFixture.s("x")))), List.of()), false));
    assertSqlError(1170, () -> f.ddl.createTable(
        TableDefinition.of("test", "e", List.of(of("a", SqlType.of(TypeKind.BLOB))),
            List.of(IndexDefinition.index("k", "a"))), false));
    assertSqlError(1089, () -> f.ddl.createTable(
        TableDefinition.of("test", "e", List.of(of("a", SqlType.integer())),
            List.of(new IndexDefinition("k", List.of(new IndexColumn("a", 3)), false, false,
                ""))), false));
    assertSqlError(1171, () -> f.ddl.createTable(
        TableDefinition.of("test", "e", List.of(of("a", SqlType.integer()).explicitNull()
            .withPrimaryKey()), List.of()), false));
    assertSqlError(1059, () -> f.ddl.createTable(
        TableDefinition.of("test", "x".repeat(65), List.of(of("a", SqlType.integer())),
            List.of()), false));
    assertSqlError(1294, () -> f.ddl.createTable(
        TableDefinition.of("test", "e", List.of(of("a", SqlType.integer())
            .withOnUpdateCurrentTimestamp()), List.of()), false));
    assertThat(f.catalog.current().table("test", "e")).isEmpty();
  }

  @Test
  void dropTableDeletesDataInBatches() {
    createT();
    TableInfo t = f.table("test", "t");
    for (long i = 0; i < 20; i++) {
      f.insert(t, new Object[] {i, SqlFixture.s("v" + i), i});
    }
    assertThat(keysWithPrefix(TableCodec.tablePrefix(t.id()))).isEqualTo(40);
    assertSqlError(1051, "Unknown table 'test.nope'", () -> f.ddl.dropTable("test", "nope",
        false));
    f.ddl.dropTable("test", "nope", true);
    f.ddl.dropTable("test", "T", false);
    assertThat(f.catalog.current().table("test", "t")).isEmpty();
    assertThat(keysWithPrefix(TableCodec.tablePrefix(t.id()))).isZero();
    try (Transaction txn = f.storage.begin()) {
      assertThat(MetaStore.pendingDeletes(txn)).isEmpty();
    }
  }

  @Test
  void pendingDeleteRangesSurviveAndResume() {
    createT();
    TableInfo t = f.table("test", "t");
    f.insert(t, new Object[] {1L, SqlFixture.s("a"), 1L});
    try (Transaction txn = f.storage.begin()) {
      MetaStore.addDeleteRanges(txn, 999, List.<byte[][]>of(new byte[][] {
          TableCodec.tablePrefix(t.id()), TableCodec.prefixNext(TableCodec.tablePrefix(t.id()))}));
      txn.commit();
    }
    assertThat(f.ddl.resumePendingDeletes()).isEqualTo(2);
    assertThat(keysWithPrefix(TableCodec.tablePrefix(t.id()))).isZero();
  }

  @Test
  void truncateGivesANewIdAndResetsAutoIncrement() {
    f.ddl.createTable(TableDefinition.of("test", "a",
        List.of(of("id", SqlType.bigint()).withAutoIncrement().withPrimaryKey(),
            of("v", SqlType.integer())), List.of(IndexDefinition.index("iv", "v"))), false);
    TableInfo t = f.table("test", "a");
    f.insert(t, new Object[] {TableWriter.DEFAULT, 1L}, new Object[] {TableWriter.DEFAULT, 2L});
    f.ddl.truncateTable("test", "a");
    TableInfo t2 = f.table("test", "a");
    assertThat(t2.id()).isNotEqualTo(t.id());
    assertThat(f.rows(t2)).isEmpty();
    assertThat(keysWithPrefix(TableCodec.tablePrefix(t.id()))).isZero();
    f.insert(t2, new Object[] {TableWriter.DEFAULT, 3L});
    assertThat(f.rows(t2)).singleElement().satisfies(r -> assertThat(r.handle()).isEqualTo(1));
    assertSqlError(1146, "Table 'test.zz' doesn't exist", () -> f.ddl.truncateTable("test",
        "zz"));
  }

  @Test
  void renameTable() {
    createT();
    f.ddl.createDatabase("other", false);
    TableInfo t = f.table("test", "t");
    f.insert(t, new Object[] {1L, SqlFixture.s("a"), 1L});
    f.ddl.renameTable("test", "t", "other", "t2");
    InfoSchema is = f.catalog.current();
    assertThat(is.table("test", "t")).isEmpty();
    TableInfo moved = is.table("other", "T2").orElseThrow();
    assertThat(moved.id()).isEqualTo(t.id());
    assertThat(f.rows(moved)).hasSize(1);
    createT();
    assertSqlError(1050, "Table 't2' already exists",
        () -> f.ddl.renameTable("test", "t", "other", "t2"));
    assertSqlError(1146, () -> f.ddl.renameTable("test", "zz", "test", "y"));
    assertSqlError(1049, () -> f.ddl.renameTable("test", "t", "nodb", "y"));
  }

  @Test
  void addColumnKeepsOldRowsReadingTheDefault() {
    createT();
    TableInfo t = f.table("test", "t");
    f.insert(t, new Object[] {1L, SqlFixture.s("a"), 1L});
    f.ddl.addColumn("test", "t", of("c", SqlType.integer()).withDefault(ColumnDefault.of(7L)));
    f.ddl.addColumn("test", "t", of("d", SqlType.varchar(5)).notNull());
    f.ddl.addColumn("test", "t", of("e", SqlType.varchar(5)));
    TableInfo t2 = f.table("test", "t");
    assertThat(t2.requireColumn("c").id()).isEqualTo(4);
    Object[] row = f.rows(t2).get(0).values();
    assertThat(row[3]).isEqualTo(7L);
    assertThat((byte[]) row[4]).isEmpty();
    assertThat(row[5]).isNull();
    assertSqlError(1060, "Duplicate column name 'C'", () -> f.ddl.addColumn("test", "t",
        of("C", SqlType.integer())));
    assertSqlError(8200, () -> f.ddl.addColumn("test", "t",
        of("u", SqlType.integer()).withUnique()));
  }

  @Test
  void dropColumnNeverReusesItsId() {
    createT();
    TableInfo t = f.table("test", "t");
    f.insert(t, new Object[] {1L, SqlFixture.s("a"), 5L});
    f.ddl.dropColumn("test", "t", "b");
    assertSqlError(1091, "Can't DROP 'b'; check that column/key exists",
        () -> f.ddl.dropColumn("test", "t", "b"));
    f.ddl.addColumn("test", "t", of("b", SqlType.integer()));
    TableInfo t2 = f.table("test", "t");
    assertThat(t2.requireColumn("b").id()).isEqualTo(4);
    assertThat(f.rows(t2).get(0).values()).containsExactly(1L, SqlFixture.s("a"), null);
    assertSqlError(8200, () -> f.ddl.dropColumn("test", "t", "id"));
    f.ddl.dropColumn("test", "t", "a");
    TableInfo t3 = f.table("test", "t");
    assertThat(t3.index("ia")).isEmpty();
    assertThat(keysWithPrefix(TableCodec.indexPrefix(t.id(), 2))).isZero();
    f.ddl.dropColumn("test", "t", "b");
    assertSqlError(1090, () -> f.ddl.dropColumn("test", "t", "id"));
  }

  @Test
  void createAndDropIndex() {
    createT();
    TableInfo t = f.table("test", "t");
    for (long i = 0; i < 10; i++) {
      f.insert(t, new Object[] {i, SqlFixture.s("v" + (i % 3)), i});
    }
    long before = f.catalog.current().version();
    f.ddl.createIndex("test", "t", IndexDefinition.uniqueIndex("ub", "b"));
    assertThat(f.catalog.current().version()).isEqualTo(before + 4);
    TableInfo t2 = f.table("test", "t");
    IndexInfo ub = t2.index("UB").orElseThrow();
    assertThat(ub.state()).isEqualTo(SchemaState.PUBLIC);
    assertThat(ub.isReadable()).isTrue();
    try (Transaction txn = f.storage.begin()) {
      AdminCheck.checkTable(txn, t2);
      assertThat(new TableReader(t2).lookupUnique(txn, ub, List.of(4L))).isEqualTo(4L);
    }
    assertSqlError(1061, "Duplicate key name 'ub'",
        () -> f.ddl.createIndex("test", "t", IndexDefinition.index("ub", "a")));
    assertSqlError(1072, () -> f.ddl.createIndex("test", "t", IndexDefinition.index("x",
        "zz")));
    assertSqlError(1146, () -> f.ddl.createIndex("test", "zz", IndexDefinition.index("x",
        "a")));
    assertSqlError(1062, "Duplicate entry 'v0' for key 't.ua'",
        () -> f.ddl.createIndex("test", "t", IndexDefinition.uniqueIndex("ua", "a")));
    TableInfo t3 = f.table("test", "t");
    assertThat(t3.index("ua")).isEmpty();
    assertThat(keysWithPrefix(TableCodec.indexPrefix(t.id(), t3.maxIndexId()))).isZero();

    f.ddl.dropIndex("test", "t", "ub");
    assertThat(keysWithPrefix(TableCodec.indexPrefix(t.id(), ub.id()))).isZero();
    assertSqlError(1091, "Can't DROP 'ub'; check that column/key exists",
        () -> f.ddl.dropIndex("test", "t", "ub"));
    assertSqlError(8200, () -> f.ddl.dropIndex("test", "t", "PRIMARY"));
    TableInfo t4 = f.table("test", "t");
    try (Transaction txn = f.storage.begin()) {
      AdminCheck.checkTable(txn, t4);
    }
  }

  @Test
  void dropIndexKeepsAutoIncrementKeyed() {
    f.ddl.createTable(TableDefinition.of("test", "a",
        List.of(of("id", SqlType.bigint()).withAutoIncrement(), of("v", SqlType.integer())),
        List.of(IndexDefinition.index("k", "id"))), false);
    assertSqlError(1075, () -> f.ddl.dropIndex("test", "a", "k"));
  }

  @Test
  void views() {
    createT();
    ViewInfo v = new ViewInfo("select a from t", List.of("a"));
    f.ddl.createView("test", "v", v, false);
    TableInfo view = f.table("test", "V");
    assertThat(view.isView()).isTrue();
    assertThat(view.view()).isEqualTo(v);
    assertSqlError(1050, "Table 'v' already exists", () -> f.ddl.createView("test", "v", v,
        false));
    f.ddl.createView("test", "v", new ViewInfo("select b from t", List.of()), true);
    assertThat(f.table("test", "v").view().selectSql()).isEqualTo("select b from t");
    assertSqlError(1347, "'test.t' is not VIEW", () -> f.ddl.createView("test", "t", v, true));
    assertSqlError(1347, "'test.t' is not VIEW", () -> f.ddl.dropView("test", "t", false));
    assertSqlError(1051, () -> f.ddl.dropTable("test", "v", false));
    f.ddl.dropView("test", "v", false);
    assertSqlError(1051, "Unknown table 'test.v'", () -> f.ddl.dropView("test", "v", false));
    f.ddl.dropView("test", "v", true);
  }

  @Test
  void addColumnFirstAndAfter() {
    createT();
    TableInfo t = f.table("test", "t");
    f.insert(t, new Object[] {1L, SqlFixture.s("a"), 2L});
    f.ddl.addColumn("test", "t", of("z", SqlType.integer()), ColumnPosition.FIRST);
    f.ddl.addColumn("test", "t", of("m", SqlType.integer()).withDefault(ColumnDefault.of(9L)),
        ColumnPosition.after("A"));
    assertSqlError(1054, "Unknown column 'nope' in 't'", () -> f.ddl.addColumn("test", "t",
        of("q", SqlType.integer()), ColumnPosition.after("nope")));
    TableInfo t2 = f.table("test", "t");
    assertThat(t2.columns()).extracting(c -> c.name()).containsExactly("z", "id", "a", "m", "b");
    assertThat(t2.columns()).extracting(c -> c.id()).containsExactly(4L, 1L, 2L, 5L, 3L);
    assertThat(f.rows(t2).get(0).values()).containsExactly(null, 1L, SqlFixture.s("a"), 9L, 2L);
    f.insert(t2, new Object[] {7L, 2L, SqlFixture.s("b"), 8L, 3L});
    try (Transaction txn = f.storage.begin()) {
      AdminCheck.checkTable(txn, t2);
      assertThat(new TableReader(t2).get(txn, 2)).containsExactly(7L, 2L, SqlFixture.s("b"), 8L,
          3L);
    }
  }

  @Test
  void twoServersRunDdlConcurrently() throws Exception {
    io.cairn.sql.catalog.Catalog otherCatalog = new io.cairn.sql.catalog.Catalog(f.storage);
    Ddl other = new Ddl(otherCatalog,
        new io.cairn.sql.catalog.AutoIdAllocator(f.storage, 10), 10, 10);
    Thread a = new Thread(() -> {
      for (int i = 0; i < 15; i++) {
        f.ddl.createTable(TableDefinition.of("test", "a" + i, List.of(of("x",
            SqlType.integer())), List.of()), false);
      }
    });
    Thread b = new Thread(() -> {
      for (int i = 0; i < 15; i++) {
        other.createTable(TableDefinition.of("test", "b" + i, List.of(of("x",
            SqlType.integer())), List.of()), false);
      }
    });
    a.start();
    b.start();
    a.join(60_000);
    b.join(60_000);
    InfoSchema mine = f.catalog.refresh();
    InfoSchema theirs = otherCatalog.refresh();
    assertThat(mine.version()).isEqualTo(theirs.version()).isEqualTo(1 + 30);
    assertThat(mine.tables("test")).hasSize(30);
    assertThat(mine.tables("test").stream().map(TableInfo::id).distinct()).hasSize(30);
  }

  @Test
  void interruptedIndexCreationIsRolledBackAtStartup() {
    createT();
    TableInfo t = f.table("test", "t");
    f.insert(t, new Object[] {1L, SqlFixture.s("a"), 1L}, new Object[] {2L, SqlFixture.s("b"),
        2L});
    // A crash after WRITE_REORG and part of the backfill: the index and some entries remain.
    IndexInfo half = new IndexInfo(t.maxIndexId() + 1, "half", List.of(IndexColumn.of("b")),
        false, false, "", SchemaState.WRITE_REORG);
    TableInfo crashed = t.withIndexes(
        java.util.stream.Stream.concat(t.indexes().stream(), java.util.stream.Stream.of(half))
            .toList(), half.id());
    try (Transaction txn = f.storage.begin()) {
      MetaStore.putTable(txn, crashed);
      MetaStore.bumpSchemaVersion(txn, List.of(t.id()));
      io.cairn.sql.table.IndexEntry e = io.cairn.sql.table.IndexEntry.of(crashed, half,
          new Object[] {1L, SqlFixture.s("a"), 1L}, 1);
      txn.set(e.key(), e.value());
      txn.commit();
    }
    assertThat(keysWithPrefix(TableCodec.indexPrefix(t.id(), half.id()))).isEqualTo(1);
    assertThat(f.ddl.rollBackInterruptedIndexes()).isEqualTo(1);
    TableInfo after = f.table("test", "t");
    assertThat(after.index("half")).isEmpty();
    assertThat(after.maxIndexId()).isEqualTo(half.id());
    assertThat(keysWithPrefix(TableCodec.indexPrefix(t.id(), half.id()))).isZero();
    assertThat(f.ddl.rollBackInterruptedIndexes()).isZero();
    f.ddl.createIndex("test", "t", IndexDefinition.index("half", "b"));
    assertThat(f.table("test", "t").index("half").orElseThrow().id()).isEqualTo(half.id() + 1);
  }
}
