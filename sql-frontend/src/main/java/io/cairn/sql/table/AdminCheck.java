package io.cairn.sql.table;

import io.cairn.kv.Key;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import io.cairn.kv.Retriever;
import io.cairn.sql.catalog.IndexInfo;
import io.cairn.sql.catalog.SqlError;
import io.cairn.sql.catalog.TableInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ADMIN CHECK TABLE}: verifies that every PUBLIC index of a table matches its rows
 * exactly — each row has its entry in each index, with the right handle, and no index entry
 * exists without its row. Indexes still being built are skipped (they may lack entries).
 *
 * <p>Reads through one {@link Retriever}, so the check sees one consistent view. It holds one
 * index's expected entries in memory at a time. Stateless and thread-safe.
 */
public final class AdminCheck {

  /** How many mismatches a report lists at most. */
  public static final int MAX_REPORTED = 10;

  private AdminCheck() {}

  /** The outcome of a check: row count and the first mismatches (empty when consistent). */
  public record Result(long rows, List<String> problems, long problemCount) {
    public boolean ok() {
      return problemCount == 0;
    }
  }

  /**
   * Checks {@code table}; throws {@link io.cairn.sql.session.SqlException} 8003 naming the
   * first mismatches if an index does not match its rows.
   */
  public static void checkTable(Retriever r, TableInfo table) {
    Result result = check(r, table);
    if (!result.ok()) {
      throw SqlError.ADMIN_CHECK_TABLE.exception("table " + table.name() + ": "
          + result.problemCount() + " mismatches, first: " + String.join("; ",
              result.problems()));
    }
  }

  /** Checks {@code table} and reports instead of throwing. */
  public static Result check(Retriever r, TableInfo table) {
    TableReader reader = new TableReader(table);
    List<String> problems = new ArrayList<>();
    long[] count = {0};
    long rows = 0;
    for (IndexInfo index : table.readableIndexes()) {
      Map<Key, byte[]> expected = new TreeMap<>();
      Map<Key, Long> expectedHandle = new TreeMap<>();
      rows = 0;
      try (KvIterator<TableReader.Row> it = reader.scanAll(r)) {
        while (it.hasNext()) {
          TableReader.Row row = it.next();
          rows++;
          IndexEntry e = IndexEntry.of(table, index, row.values(), row.handle());
          if (expected.put(e.key(), e.value()) != null) {
            report(problems, count, "index " + index.name() + ": rows "
                + expectedHandle.get(e.key()) + " and " + row.handle() + " share the key "
                + e.key());
          }
          expectedHandle.put(e.key(), row.handle());
        }
      }
      try (KvIterator<KvPair> it = r.iterate(reader.indexRange(index))) {
        while (it.hasNext()) {
          KvPair p = it.next();
          byte[] want = expected.remove(p.key());
          Long handle = expectedHandle.remove(p.key());
          if (want == null) {
            report(problems, count, "index " + index.name() + ": dangling entry "
                + describe(table, index, p) + " has no row");
          } else if (!Arrays.equals(want, p.value())) {
            report(problems, count, "index " + index.name() + ": entry "
                + describe(table, index, p) + " should point to handle " + handle);
          }
        }
      }
      for (Map.Entry<Key, Long> missing : expectedHandle.entrySet()) {
        report(problems, count, "index " + index.name() + ": row with handle "
            + missing.getValue() + " has no entry " + missing.getKey());
      }
    }
    if (table.readableIndexes().isEmpty()) {
      try (KvIterator<TableReader.Row> it = reader.scanAll(r)) {
        while (it.hasNext()) {
          it.next();
          rows++;
        }
      }
    }
    return new Result(rows, List.copyOf(problems), count[0]);
  }

  private static String describe(TableInfo table, IndexInfo index, KvPair p) {
    try {
      TableReader.IndexHit hit =
          TableReader.decodeIndexEntry(IndexEntry.columnTypes(table, index), p);
      return "(values " + Values.toText(IndexEntry.sqlTypes(table, index), hit.values())
          + ", handle " + hit.handle() + ")";
    } catch (RuntimeException e) {
      return p.key() + "=" + HexFormat.of().formatHex(p.value());
    }
  }

  private static void report(List<String> problems, long[] count, String problem) {
    count[0]++;
    if (problems.size() < MAX_REPORTED) {
      problems.add(problem);
    }
  }
}
