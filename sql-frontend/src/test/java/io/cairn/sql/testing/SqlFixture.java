package io.cairn.sql.testing;

import io.cairn.kv.Transaction;
import io.cairn.kv.testing.MemoryStorage;
import io.cairn.sql.catalog.AutoIdAllocator;
import io.cairn.sql.catalog.Catalog;
import io.cairn.sql.catalog.InfoSchema;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.ddl.Ddl;
import io.cairn.sql.table.TableReader;
import io.cairn.sql.table.TableWriter;
import io.cairn.sql.table.WriteContext;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** A catalog, DDL and table writer over a fresh {@link MemoryStorage}, for tests. */
public final class SqlFixture implements AutoCloseable {

  public static final LocalDateTime NOW = LocalDateTime.of(2024, 5, 6, 7, 8, 9, 123_456_000);

  public final MemoryStorage storage = new MemoryStorage("sql-test");
  public final Catalog catalog = new Catalog(storage);
  public final AutoIdAllocator ids = new AutoIdAllocator(storage, 100);
  public final Ddl ddl;
  public final TableWriter writer = new TableWriter(ids);

  public SqlFixture() {
    this(50, 100);
  }

  public SqlFixture(int backfillBatch, int deleteBatch) {
    ddl = new Ddl(catalog, ids, backfillBatch, deleteBatch);
  }

  public TableInfo table(String db, String name) {
    return catalog.refresh().requireTable(db, name);
  }

  public static WriteContext ctx() {
    return WriteContext.strict(NOW);
  }

  /** Runs {@code body} in a transaction and commits it with the schema check. */
  public <T> T write(TableInfo table, Function<Transaction, T> body) {
    InfoSchema is = catalog.current();
    Transaction txn = storage.begin();
    try {
      T out = body.apply(txn);
      catalog.commit(txn, is, Set.of(table.id()));
      return out;
    } finally {
      txn.close();
    }
  }

  /** Inserts rows in one transaction. */
  public void insert(TableInfo table, Object[]... rows) {
    write(table, txn -> {
      for (Object[] r : rows) {
        writer.insert(txn, table, r, ctx());
      }
      return null;
    });
  }

  /** Every row of the table at a fresh snapshot, in handle order. */
  public List<TableReader.Row> rows(TableInfo table) {
    List<TableReader.Row> out = new ArrayList<>();
    try (Transaction txn = storage.begin();
        var it = new TableReader(table).scanAll(txn)) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  public static byte[] s(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    storage.close();
  }
}
