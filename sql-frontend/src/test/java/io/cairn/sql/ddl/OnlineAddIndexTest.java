package io.cairn.sql.ddl;

import static io.cairn.sql.ddl.ColumnDefinition.of;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kv.KvException;
import io.cairn.kv.Transaction;
import io.cairn.sql.catalog.IndexInfo;
import io.cairn.sql.catalog.InfoSchema;
import io.cairn.sql.catalog.SchemaState;
import io.cairn.sql.catalog.SqlType;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.table.AdminCheck;
import io.cairn.sql.table.DuplicateKeyException;
import io.cairn.sql.table.TableReader;
import io.cairn.sql.table.TableWriter;
import io.cairn.sql.testing.SqlFixture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CREATE INDEX while other threads insert, update and delete rows of the table: afterwards
 * the index is PUBLIC and ADMIN CHECK passes (issue 6: "Concurrent DDL (ADD INDEX) during DML
 * keeps indexes consistent"). Each DML thread is seeded; the seeds are in failure messages.
 */
class OnlineAddIndexTest {

  private static final int INITIAL_ROWS = 300;
  private static final int THREADS = 3;

  @ParameterizedTest(name = "integer handle {0}, unique {1}")
  @CsvSource({"true,false", "true,true", "false,false", "false,true"})
  void addIndexDuringDml(boolean pkIsHandle, boolean unique) throws Exception {
    long baseSeed = Long.getLong("cairn.test.seed", 7_000L + (pkIsHandle ? 1 : 0)
        + (unique ? 2 : 0));
    try (SqlFixture f = new SqlFixture(7, 50)) {
      f.ddl.createDatabase("test", false);
      ColumnDefinition id = of("id", SqlType.bigint()).notNull();
      f.ddl.createTable(TableDefinition.of("test", "t", List.of(
          pkIsHandle ? id.withPrimaryKey() : id.withUnique(),
          of("u", SqlType.bigint()), of("v", SqlType.varchar(10)), of("n", SqlType.integer())),
          List.of(IndexDefinition.index("in", "n"))), false);
      TableInfo t0 = f.table("test", "t");
      for (long i = 0; i < INITIAL_ROWS; i += 50) {
        List<Object[]> batch = new ArrayList<>();
        for (long k = i; k < i + 50; k++) {
          batch.add(new Object[] {k, k, text(k % 13), k % 5});
        }
        f.insert(t0, batch.toArray(Object[][]::new));
      }

      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong commits = new AtomicLong();
      AtomicLong schemaRetries = new AtomicLong();
      Set<SchemaState> statesSeen = ConcurrentHashMap.newKeySet();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < THREADS; w++) {
        long seed = baseSeed * 31 + w;
        workers.add(pool.submit(() -> {
          try {
            dml(f, new Random(seed), stop, commits, schemaRetries, statesSeen, 0);
          } catch (Throwable e) {
            throw new AssertionError("DML thread with seed " + seed + " failed: " + e, e);
          }
          return null;
        }));
      }
      // Let the writers get going before the DDL starts.
      while (commits.get() < 20) {
        Thread.sleep(5);
      }
      IndexDefinition def = unique ? IndexDefinition.uniqueIndex("ix", "u", "v")
          : IndexDefinition.index("ix", "v", "n");
      f.ddl.createIndex("test", "t", def);
      long commitsAtPublic = commits.get();
      while (commits.get() < commitsAtPublic + 30) {
        Thread.sleep(5);
      }
      stop.set(true);
      for (Future<?> fu : workers) {
        fu.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();

      TableInfo t = f.table("test", "t");
      IndexInfo ix = t.index("ix").orElseThrow();
      assertThat(ix.state()).isEqualTo(SchemaState.PUBLIC);
      try (Transaction txn = f.storage.begin()) {
        AdminCheck.Result r = AdminCheck.check(txn, t);
        assertThat(r.problems()).as("seed " + baseSeed + ", " + commits.get() + " commits, "
            + schemaRetries.get() + " schema retries, states seen " + statesSeen).isEmpty();
        assertThat(r.rows()).isGreaterThan(0);
      }
      assertThat(statesSeen).as("seed " + baseSeed).contains(SchemaState.PUBLIC);
      System.out.println("commits " + commits.get() + ", schema retries " + schemaRetries.get()
          + ", states seen by writers " + statesSeen);
    }
  }

  @org.junit.jupiter.api.Test
  void uniqueIndexWithDuplicatesIsRolledBackWhileDmlContinues() throws Exception {
    long seed = Long.getLong("cairn.test.seed", 7_100L);
    try (SqlFixture f = new SqlFixture(7, 50)) {
      f.ddl.createDatabase("test", false);
      f.ddl.createTable(TableDefinition.of("test", "t", List.of(
          of("id", SqlType.bigint()).withPrimaryKey(), of("u", SqlType.bigint()),
          of("v", SqlType.varchar(10)), of("n", SqlType.integer())),
          List.of(IndexDefinition.index("in", "n"))), false);
      TableInfo t0 = f.table("test", "t");
      List<Object[]> rows = new ArrayList<>();
      for (long k = 0; k < INITIAL_ROWS; k++) {
        // Rows 10 and 250 share u = 10 and v = "s10": the unique index cannot be built.
        rows.add(new Object[] {k, k == 250 ? 10L : k, text(k == 250 ? 10 : k), k % 5});
      }
      f.insert(t0, rows.toArray(Object[][]::new));
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong commits = new AtomicLong();
      ExecutorService pool = Executors.newSingleThreadExecutor();
      Future<?> worker = pool.submit(() -> {
        // Keys >= 300 only, so the duplicate pair stays in place.
        dml(f, new Random(seed), stop, commits, new AtomicLong(),
            ConcurrentHashMap.newKeySet(), 300);
        return null;
      });
      while (commits.get() < 10) {
        Thread.sleep(5);
      }
      org.assertj.core.api.Assertions.assertThatThrownBy(() ->
          f.ddl.createIndex("test", "t", IndexDefinition.uniqueIndex("ix", "u", "v")))
          .isInstanceOf(DuplicateKeyException.class)
          .hasMessage("Duplicate entry '10-s10' for key 't.ix'");
      long after = commits.get();
      while (commits.get() < after + 10) {
        Thread.sleep(5);
      }
      stop.set(true);
      worker.get(60, TimeUnit.SECONDS);
      pool.shutdown();
      TableInfo t = f.table("test", "t");
      assertThat(t.index("ix")).isEmpty();
      try (Transaction txn = f.storage.begin();
          var entries = txn.iterate(io.cairn.kv.KeyRange.prefix(io.cairn.kv.Key.wrap(
              io.cairn.codec.TableCodec.indexPrefix(t.id(), t.maxIndexId()))))) {
        assertThat(AdminCheck.check(txn, t).problems()).as("seed " + seed).isEmpty();
        assertThat(entries.hasNext()).as("entries of the removed index").isFalse();
      }
    }
  }

  private static byte[] text(long k) {
    return ("s" + k).getBytes(StandardCharsets.UTF_8);
  }

  /** Random DML until stopped; retries transactions that hit a schema change or conflict. */
  private static void dml(SqlFixture f, Random rnd, AtomicBoolean stop, AtomicLong commits,
      AtomicLong schemaRetries, Set<SchemaState> statesSeen, long minKey) {
    while (!stop.get()) {
      InfoSchema is = f.catalog.refresh();
      TableInfo t = is.table("test", "t").orElseThrow();
      t.index("ix").ifPresent(i -> statesSeen.add(i.state()));
      TableReader reader = new TableReader(t);
      long key = minKey + rnd.nextInt((int) (INITIAL_ROWS + 100 - minKey));
      try (Transaction txn = f.storage.begin()) {
        Long handle = t.pkIsHandle() ? Long.valueOf(key)
            : reader.lookupUnique(txn, t.index("id").orElseThrow(), List.of(key));
        Object[] row = handle == null ? null : reader.get(txn, handle);
        int op = rnd.nextInt(3);
        if (row == null) {
          f.writer.insert(txn, t, new Object[] {key, rnd.nextBoolean() ? key : -key,
              text(rnd.nextInt(13)), TableWriter.DEFAULT}, SqlFixture.ctx());
        } else if (op == 0) {
          f.writer.delete(txn, t, handle, row);
        } else {
          Object[] next = row.clone();
          next[1] = rnd.nextBoolean() ? key : -key;
          next[2] = text(rnd.nextInt(13));
          next[3] = (long) rnd.nextInt(5);
          f.writer.update(txn, t, handle, row, next, SqlFixture.ctx());
        }
        f.catalog.commit(txn, is, Set.of(t.id()));
        commits.incrementAndGet();
      } catch (DuplicateKeyException e) {
        throw e;
      } catch (KvException e) {
        if (!e.retryable()) {
          throw e;
        }
        if (e instanceof io.cairn.kv.SchemaChangedException) {
          schemaRetries.incrementAndGet();
        }
      }
    }
  }
}
