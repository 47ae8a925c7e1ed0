package io.cairn.sql.catalog;

import static io.cairn.sql.ddl.ColumnDefinition.of;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kv.Transaction;
import io.cairn.sql.ddl.TableDefinition;
import io.cairn.sql.table.TableReader;
import io.cairn.sql.table.TableWriter;
import io.cairn.sql.table.WriteContext;
import io.cairn.sql.testing.SqlFixture;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AutoIdAllocatorTest {

  private SqlFixture f;
  private TableInfo table;

  @BeforeEach
  void setUp() {
    f = new SqlFixture();
    f.ddl.createDatabase("test", false);
    f.ddl.createTable(new TableDefinition("test", "a", List.of(
        of("id", SqlType.bigint()).withAutoIncrement().withPrimaryKey(),
        of("v", SqlType.integer())), List.of(), null, null, "", 50), false);
    table = f.table("test", "a");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void startsAtTheBaseAndIncreasesAcrossRefills() {
    AutoIdAllocator ids = new AutoIdAllocator(f.storage, 3);
    List<Long> got = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      got.add(ids.nextAutoIncrement(table));
    }
    assertThat(got).containsExactly(50L, 51L, 52L, 53L, 54L, 55L, 56L, 57L, 58L, 59L);
    assertThat(ids.nextRowId(table)).isEqualTo(1);
  }

  @Test
  void rebaseSkipsPastExplicitValuesInsideAndBeyondTheCache() {
    AutoIdAllocator ids = new AutoIdAllocator(f.storage, 10);
    assertThat(ids.nextAutoIncrement(table)).isEqualTo(50);
    ids.rebase(table.id(), AutoIdAllocator.Kind.AUTO_INCREMENT, 55);
    assertThat(ids.nextAutoIncrement(table)).isEqualTo(56);
    ids.rebase(table.id(), AutoIdAllocator.Kind.AUTO_INCREMENT, 1000);
    assertThat(ids.nextAutoIncrement(table)).isEqualTo(1001);
    ids.rebase(table.id(), AutoIdAllocator.Kind.AUTO_INCREMENT, 3);
    assertThat(ids.nextAutoIncrement(table)).isEqualTo(1002);
    // Another allocator (another server) continues above everything handed out.
    AutoIdAllocator other = new AutoIdAllocator(f.storage, 10);
    assertThat(other.nextAutoIncrement(table)).isGreaterThan(1002);
  }

  @Test
  void concurrentInsertsFromTwoAllocatorsNeverCollide() throws Exception {
    AutoIdAllocator second = new AutoIdAllocator(f.storage, 7);
    TableWriter w2 = new TableWriter(second);
    int threads = 6;
    int perThread = 150;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<Long>>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      TableWriter w = t % 2 == 0 ? f.writer : w2;
      futures.add(pool.submit(() -> {
        List<Long> mine = new ArrayList<>();
        for (int i = 0; i < perThread; i++) {
          try (Transaction txn = f.storage.begin()) {
            WriteContext ctx = SqlFixture.ctx();
            w.insert(txn, table, new Object[] {TableWriter.DEFAULT, (long) i}, ctx);
            f.catalog.commit(txn, f.catalog.current(), Set.of(table.id()));
            mine.add(ctx.firstAutoId());
          }
        }
        return mine;
      }));
    }
    Set<Long> all = new HashSet<>();
    for (Future<List<Long>> fu : futures) {
      List<Long> mine = fu.get(60, TimeUnit.SECONDS);
      List<Long> sorted = new ArrayList<>(mine);
      Collections.sort(sorted);
      assertThat(mine).as("one thread's values increase").isEqualTo(sorted);
      all.addAll(mine);
    }
    pool.shutdown();
    assertThat(all).hasSize(threads * perThread);
    assertThat(f.rows(table)).extracting(TableReader.Row::handle).hasSize(threads * perThread)
        .containsExactlyInAnyOrderElementsOf(all);
  }
}
