package io.cairn.sql.table;

import static io.cairn.sql.ddl.ColumnDefinition.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.cairn.kv.KvIterator;
import io.cairn.kv.StagingHandle;
import io.cairn.kv.Transaction;
import io.cairn.sql.catalog.IndexInfo;
import io.cairn.sql.catalog.SqlType;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.ddl.ColumnDefinition;
import io.cairn.sql.ddl.IndexDefinition;
import io.cairn.sql.ddl.TableDefinition;
import io.cairn.sql.testing.SqlFixture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A seeded random workload of inserts, updates and deletes (several statements per
 * transaction, each in its own stage, some transactions rolled back) against a table with
 * several unique and non-unique indexes, compared with an in-memory model after every
 * transaction; at the end the table must match the model and pass ADMIN CHECK. Replay a
 * failure with {@code -Dcairn.test.seed=<seed>}.
 */
class RandomDmlTest {

  private static final int TRANSACTIONS = 250;

  static Stream<Arguments> cases() {
    String fixed = System.getProperty("cairn.test.seed");
    List<Long> seeds = fixed != null ? List.of(Long.parseLong(fixed))
        : LongStream.range(0, 4).map(i -> new Random(20241122L + i).nextLong()).boxed().toList();
    List<Arguments> out = new ArrayList<>();
    for (long seed : seeds) {
      out.add(Arguments.of(seed, true));
      out.add(Arguments.of(seed, false));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "seed {0}, integer handle {1}")
  @MethodSource("cases")
  void workloadMatchesModelAndPassesAdminCheck(long seed, boolean pkIsHandle) {
    try (SqlFixture f = new SqlFixture()) {
      run(f, seed, pkIsHandle);
    } catch (AssertionError e) {
      throw new AssertionError("seed " + seed + " (pkIsHandle " + pkIsHandle + "): "
          + e.getMessage(), e);
    }
  }

  private void run(SqlFixture f, long seed, boolean pkIsHandle) {
    Random rnd = new Random(seed);
    f.ddl.createDatabase("test", false);
    ColumnDefinition id = of("id", SqlType.bigint()).notNull();
    f.ddl.createTable(TableDefinition.of("test", "w", List.of(
        pkIsHandle ? id.withPrimaryKey() : id.withUnique(),
        of("a", SqlType.integer()).withUnique(),
        of("b", SqlType.varchar(6)),
        of("c", SqlType.of(io.cairn.sql.catalog.TypeKind.SMALLINT)),
        of("d", SqlType.decimal(6, 2))),
        List.of(IndexDefinition.uniqueIndex("ubc", "b", "c"), IndexDefinition.index("ic", "c"),
            IndexDefinition.index("idb", "d", "b"))), false);
    TableInfo t = f.table("test", "w");
    TableReader reader = new TableReader(t);
    IndexInfo idIndex = pkIsHandle ? null : t.index("id").orElseThrow();
    TreeMap<Long, Object[]> model = new TreeMap<>();

    for (int n = 0; n < TRANSACTIONS; n++) {
      TreeMap<Long, Object[]> txModel = new TreeMap<>(model);
      Transaction txn = f.storage.begin();
      int statements = 1 + rnd.nextInt(4);
      for (int s = 0; s < statements; s++) {
        StagingHandle stage = txn.memBuffer().staging();
        int op = rnd.nextInt(10);
        String what = "txn " + n + " stmt " + s;
        try {
          if (op < 5 || txModel.isEmpty()) {
            Object[] row = randomRow(rnd, rnd.nextInt(40));
            boolean dup = conflicts(txModel, row, null);
            try {
              f.writer.insert(txn, t, row, SqlFixture.ctx());
              assertThat(dup).as(what + " insert " + Arrays.toString(row) + " should fail")
                  .isFalse();
              txModel.put((Long) row[0], row);
            } catch (DuplicateKeyException e) {
              assertThat(dup).as(what + " insert " + Arrays.toString(row) + ": " + e.getMessage())
                  .isTrue();
              txn.memBuffer().cleanup(stage);
            }
          } else {
            Long key = pick(rnd, txModel);
            Object[] old = txModel.get(key);
            long handle = pkIsHandle ? key
                : reader.lookupUnique(txn, idIndex, List.of(key));
            assertThat(reader.get(txn, handle)).as(what + " read row " + key)
                .satisfies(r -> assertThat(Values.sameRow(r, old)).isTrue());
            if (op < 8) {
              Object[] row = randomRow(rnd, rnd.nextInt(4) == 0 ? rnd.nextInt(40) : key);
              boolean dup = conflicts(txModel, row, key);
              try {
                f.writer.update(txn, t, handle, old, row, SqlFixture.ctx());
                assertThat(dup).as(what + " update " + key + " to " + Arrays.toString(row)
                    + " should fail").isFalse();
                txModel.remove(key);
                txModel.put((Long) row[0], row);
              } catch (DuplicateKeyException e) {
                assertThat(dup).as(what + " update: " + e.getMessage()).isTrue();
                txn.memBuffer().cleanup(stage);
              }
            } else {
              f.writer.delete(txn, t, handle, old);
              txModel.remove(key);
            }
          }
        } finally {
          if (txn.memBuffer().stagingDepth() > 0) {
            txn.memBuffer().release(stage);
          }
        }
      }
      if (rnd.nextInt(8) == 0) {
        txn.rollback();
      } else {
        f.catalog.commit(txn, f.catalog.current(), Set.of(t.id()));
        model = txModel;
      }
      txn.close();
    }

    List<TableReader.Row> rows = f.rows(t);
    TreeMap<Long, Object[]> stored = new TreeMap<>();
    rows.forEach(r -> stored.put((Long) r.values()[0], r.values()));
    assertThat(stored.keySet()).isEqualTo(model.keySet());
    for (Long k : model.keySet()) {
      if (!Values.sameRow(stored.get(k), model.get(k))) {
        fail("row " + k + " is " + Arrays.toString(stored.get(k)) + ", model "
            + Arrays.toString(model.get(k)));
      }
    }
    try (Transaction txn = f.storage.begin()) {
      AdminCheck.Result r = AdminCheck.check(txn, t);
      assertThat(r.problems()).isEmpty();
      assertThat(r.rows()).isEqualTo(model.size());
      for (long c = 0; c < 5; c++) {
        long cc = c;
        long expected = model.values().stream().filter(x -> Objects.equals(x[3], cc)).count();
        assertThat(reader.lookupPrefix(txn, t.index("ic").orElseThrow(), List.of(c)))
            .as("index ic = " + c).hasSize((int) expected);
      }
      try (KvIterator<TableReader.IndexHit> it = reader.scanIndex(txn,
          t.index("ubc").orElseThrow(), reader.indexRange(t.index("ubc").orElseThrow()))) {
        int count = 0;
        while (it.hasNext()) {
          it.next();
          count++;
        }
        assertThat(count).isEqualTo(model.size());
      }
    }
  }

  private static Object[] randomRow(Random rnd, long id) {
    Long a = rnd.nextInt(5) == 0 ? null : (long) rnd.nextInt(60);
    byte[] b = rnd.nextInt(6) == 0 ? null
        : ("k" + rnd.nextInt(8)).getBytes(StandardCharsets.UTF_8);
    Long c = rnd.nextInt(6) == 0 ? null : (long) rnd.nextInt(5);
    java.math.BigDecimal d = java.math.BigDecimal.valueOf(rnd.nextInt(2000) - 1000, 2);
    return new Object[] {id, a, b, c, d};
  }

  /** Whether {@code row} would collide with a row of the model other than {@code self}. */
  private static boolean conflicts(TreeMap<Long, Object[]> model, Object[] row, Long self) {
    for (Object[] other : model.values()) {
      if (Objects.equals(other[0], self)) {
        continue;
      }
      if (other[0].equals(row[0])) {
        return true;
      }
      if (row[1] != null && row[1].equals(other[1])) {
        return true;
      }
      if (row[2] != null && row[3] != null && Values.same(row[2], other[2])
          && row[3].equals(other[3])) {
        return true;
      }
    }
    return false;
  }

  private static Long pick(Random rnd, TreeMap<Long, Object[]> model) {
    Long[] keys = model.keySet().toArray(Long[]::new);
    return keys[rnd.nextInt(keys.length)];
  }
}
