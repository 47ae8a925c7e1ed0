package io.cairn.sql.table;

import static io.cairn.sql.ddl.ColumnDefinition.of;
import static io.cairn.sql.testing.SqlAssertions.assertSqlError;
import static io.cairn.sql.testing.SqlFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kv.Transaction;
import io.cairn.sql.catalog.IndexInfo;
import io.cairn.sql.catalog.SqlType;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.ddl.IndexDefinition;
import io.cairn.sql.ddl.TableDefinition;
import io.cairn.sql.testing.SqlFixture;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminCheckTest {

  private SqlFixture f;
  private TableInfo t;
  private IndexInfo iv;
  private IndexInfo uw;

  @BeforeEach
  void setUp() {
    f = new SqlFixture();
    f.ddl.createDatabase("test", false);
    f.ddl.createTable(TableDefinition.of("test", "t", List.of(
        of("id", SqlType.integer()).withPrimaryKey(), of("v", SqlType.varchar(8)),
        of("w", SqlType.integer())),
        List.of(IndexDefinition.index("iv", "v"), IndexDefinition.uniqueIndex("uw", "w"))),
        false);
    t = f.table("test", "t");
    iv = t.index("iv").orElseThrow();
    uw = t.index("uw").orElseThrow();
    for (long i = 1; i <= 5; i++) {
      f.insert(t, new Object[] {i, s("v" + i), i * 10});
    }
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private AdminCheck.Result check() {
    try (Transaction txn = f.storage.begin()) {
      return AdminCheck.check(txn, t);
    }
  }

  private void corrupt(java.util.function.Consumer<Transaction> body) {
    try (Transaction txn = f.storage.begin()) {
      body.accept(txn);
      txn.commit();
    }
  }

  @Test
  void consistentTablePasses() {
    AdminCheck.Result r = check();
    assertThat(r.ok()).isTrue();
    assertThat(r.rows()).isEqualTo(5);
  }

  @Test
  void missingEntryIsReported() {
    Object[] row = {3L, s("v3"), 30L};
    corrupt(txn -> txn.delete(IndexEntry.of(t, iv, row, 3).key()));
    AdminCheck.Result r = check();
    assertThat(r.problemCount()).isEqualTo(1);
    assertThat(r.problems().get(0)).contains("index iv").contains("handle 3 has no entry");
  }

  @Test
  void danglingEntryIsReported() {
    Object[] ghost = {9L, s("zz"), 90L};
    corrupt(txn -> {
      IndexEntry e = IndexEntry.of(t, iv, ghost, 9);
      txn.set(e.key(), e.value());
    });
    AdminCheck.Result r = check();
    assertThat(r.problems()).singleElement().asString()
        .contains("dangling entry (values zz, handle 9)");
  }

  @Test
  void wrongHandleIsReportedAndCheckTableThrows() {
    Object[] row = {2L, s("v2"), 20L};
    corrupt(txn -> txn.set(IndexEntry.of(t, uw, row, 2).key(), IndexEntry.encodeHandle(4)));
    assertThat(check().problems()).singleElement().asString()
        .contains("entry (values 20, handle 4) should point to handle 2");
    try (Transaction txn = f.storage.begin()) {
      assertSqlError(8003, () -> AdminCheck.checkTable(txn, t));
    }
  }

  @Test
  void rowWithoutAnyEntriesIsReportedForEveryIndex() {
    corrupt(txn -> txn.set(RecordFormat.recordKey(t, 7),
        RecordFormat.encode(t, new Object[] {7L, s("x"), 70L})));
    AdminCheck.Result r = check();
    assertThat(r.problemCount()).isEqualTo(2);
    assertThat(r.rows()).isEqualTo(6);
  }
}
