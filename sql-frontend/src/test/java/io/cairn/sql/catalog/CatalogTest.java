package io.cairn.sql.catalog;

import static io.cairn.sql.ddl.ColumnDefinition.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.SchemaChangedException;
import io.cairn.kv.Transaction;
import io.cairn.sql.ddl.IndexDefinition;
import io.cairn.sql.ddl.TableDefinition;
import io.cairn.sql.table.TableWriter;
import io.cairn.sql.testing.SqlFixture;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CatalogTest {

  private SqlFixture f;

  @BeforeEach
  void setUp() {
    f = new SqlFixture();
    f.ddl.createDatabase("Test", false);
    f.ddl.createTable(TableDefinition.of("test", "T1", List.of(
        of("id", SqlType.integer()).withPrimaryKey(), of("v", SqlType.varchar(10))),
        List.of(IndexDefinition.index("iv", "v"))), false);
    f.ddl.createTable(TableDefinition.of("test", "t2", List.of(of("x", SqlType.integer())),
        List.of()), false);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void anotherCatalogLoadsTheSameSchemaAndReloadsOnNewVersions() {
    Catalog other = new Catalog(f.storage);
    InfoSchema is = other.refresh();
    assertThat(is.version()).isEqualTo(f.catalog.current().version()).isEqualTo(3);
    TableInfo t1 = is.table("TEST", "t1").orElseThrow();
    assertThat(t1).isEqualTo(f.catalog.current().table("test", "T1").orElseThrow());
    assertThat(is.database("test").orElseThrow().name()).isEqualTo("Test");
    assertThat(is.tables("test")).extracting(TableInfo::name).containsExactly("T1", "t2");
    assertThat(is.tableById(t1.id())).contains(t1);
    assertThat(is.table("nope", "t1")).isEmpty();

    f.ddl.addColumn("test", "t1", of("w", SqlType.integer()));
    assertThat(other.current()).isSameAs(is);
    InfoSchema reloaded = other.refresh();
    assertThat(reloaded.version()).isEqualTo(4);
    assertThat(reloaded.table("test", "t1").orElseThrow().column("W")).isPresent();
    assertThat(other.refresh()).isSameAs(reloaded);
  }

  @Test
  void versionBumpsAndDiffsAreStoredWithEachDdl() {
    try (Transaction txn = f.storage.begin()) {
      assertThat(MetaStore.schemaVersion(txn)).isEqualTo(3);
      TableInfo t2 = f.catalog.current().table("test", "t2").orElseThrow();
      assertThat(MetaStore.schemaDiff(txn, 3)).containsExactly(t2.id());
      assertThat(MetaStore.schemaDiff(txn, 1)).isEmpty();
    }
  }

  @Test
  void writerUnderAnOldSchemaFailsOnlyForChangedTables() {
    InfoSchema start = f.catalog.refresh();
    TableInfo t1 = start.table("test", "t1").orElseThrow();
    TableInfo t2 = start.table("test", "t2").orElseThrow();
    Transaction a = f.storage.begin();
    f.writer.insert(a, t1, new Object[] {1L, SqlFixture.s("x")}, SqlFixture.ctx());
    Transaction b = f.storage.begin();
    f.writer.insert(b, t2, new Object[] {7L}, SqlFixture.ctx());

    f.ddl.createIndex("test", "t1", IndexDefinition.index("iv2", "v"));

    assertThatThrownBy(() -> f.catalog.commit(a, start, Set.of(t1.id())))
        .isInstanceOf(SchemaChangedException.class)
        .satisfies(e -> assertThat(((SchemaChangedException) e).retryable()).isTrue())
        .satisfies(e -> assertThat(((SchemaChangedException) e).errno()).isEqualTo(8028));
    assertThat(a.isValid()).isFalse();
    f.catalog.commit(b, start, Set.of(t2.id()));
    assertThat(f.rows(t1)).isEmpty();
    assertThat(f.rows(t2)).hasSize(1);

    InfoSchema now = f.catalog.current();
    Transaction c = f.storage.begin();
    f.writer.insert(c, now.table("test", "t1").orElseThrow(),
        new Object[] {1L, SqlFixture.s("x")}, SqlFixture.ctx());
    f.catalog.commit(c, now, Set.of(t1.id()));
    assertThat(f.rows(t1)).hasSize(1);
  }

  @Test
  void droppedTableFailsOldWriters() {
    InfoSchema start = f.catalog.refresh();
    TableInfo t2 = start.table("test", "t2").orElseThrow();
    Transaction a = f.storage.begin();
    f.writer.insert(a, t2, new Object[] {TableWriter.DEFAULT}, SqlFixture.ctx());
    f.ddl.dropTable("test", "t2", false);
    assertThatThrownBy(() -> f.catalog.commit(a, start, Set.of(t2.id())))
        .isInstanceOf(SchemaChangedException.class);
  }

  @Test
  void missingDiffIsTreatedAsChanged() {
    InfoSchema start = f.catalog.refresh();
    try (Transaction txn = f.storage.begin()) {
      txn.set(MetaKeys.schemaVersion(), MetaKeys.encodeLong(start.version() + 1));
      txn.commit();
    }
    assertThatThrownBy(() -> f.catalog.checkSchema(start, Set.of(12345L)))
        .isInstanceOf(SchemaChangedException.class);
    f.catalog.checkSchema(start, Set.of());
  }
}
