package io.cairn.sql.catalog;

import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import io.cairn.kv.Retriever;
import io.cairn.kv.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the catalog's meta keys ({@link MetaKeys}) inside a caller's transaction or
 * snapshot. Stateless; the caller owns the transaction and commits it.
 */
public final class MetaStore {

  private MetaStore() {}

  /** The stored schema version (0 for a fresh store). */
  public static long schemaVersion(Retriever r) {
    return MetaKeys.decodeLong(r.get(MetaKeys.schemaVersion()));
  }

  /**
   * Bumps the schema version and records which tables the change touched (the schema diff the
   * commit-time check reads). Every DDL transaction calls this exactly once; two DDLs that run
   * concurrently both write the version key, so one of them fails with a write conflict.
   *
   * @return the new version
   */
  public static long bumpSchemaVersion(Transaction txn, List<Long> changedTableIds) {
    long next = schemaVersion(txn) + 1;
    txn.set(MetaKeys.schemaVersion(), MetaKeys.encodeLong(next));
    txn.set(MetaKeys.schemaDiff(next), MetaCodec.encodeDiff(changedTableIds));
    return next;
  }

  /** The table ids changed by the DDL of {@code version}, or null when no diff is stored. */
  public static List<Long> schemaDiff(Retriever r, long version) {
    byte[] v = r.get(MetaKeys.schemaDiff(version));
    return v == null ? null : MetaCodec.decodeDiff(v);
  }

  /** Allocates {@code n} consecutive global ids (databases, tables, DDL jobs); returns the first. */
  public static long allocateGlobalIds(Transaction txn, int n) {
    long last = MetaKeys.decodeLong(txn.get(MetaKeys.nextGlobalId()));
    txn.set(MetaKeys.nextGlobalId(), MetaKeys.encodeLong(last + n));
    return last + 1;
  }

  public static void putDatabase(Transaction txn, DatabaseInfo db) {
    txn.set(MetaKeys.database(db.id()), MetaCodec.encodeDatabase(db));
  }

  public static void deleteDatabase(Transaction txn, long dbId) {
    txn.delete(MetaKeys.database(dbId));
  }

  public static void putTable(Transaction txn, TableInfo table) {
    txn.set(MetaKeys.table(table.dbId(), table.id()), MetaCodec.encodeTable(table));
  }

  public static void deleteTable(Transaction txn, long dbId, long tableId) {
    txn.delete(MetaKeys.table(dbId, tableId));
  }

  public static List<DatabaseInfo> databases(Retriever r) {
    List<DatabaseInfo> out = new ArrayList<>();
    for (byte[] v : scan(r, MetaKeys.databasePrefix())) {
      out.add(MetaCodec.decodeDatabase(v));
    }
    return out;
  }

  public static List<TableInfo> allTables(Retriever r) {
    List<TableInfo> out = new ArrayList<>();
    for (byte[] v : scan(r, MetaKeys.allTablesPrefix())) {
      out.add(MetaCodec.decodeTable(v));
    }
    return out;
  }

  /** Records ranges a DDL must delete, under job {@code jobId}, in the DDL's transaction. */
  public static void addDeleteRanges(Transaction txn, long jobId, List<byte[][]> ranges) {
    txn.set(MetaKeys.deleteRange(jobId), MetaCodec.encodeRanges(ranges));
  }

  /** The pending delete-range jobs: job id → ranges. */
  public static List<PendingDelete> pendingDeletes(Retriever r) {
    List<PendingDelete> out = new ArrayList<>();
    Key prefix = MetaKeys.deleteRangePrefix();
    try (KvIterator<KvPair> it = r.iterate(KeyRange.prefix(prefix))) {
      while (it.hasNext()) {
        KvPair p = it.next();
        byte[] k = p.key().toByteArray();
        long jobId = io.cairn.codec.NumberCodec.decodeInt64(k, prefix.length());
        out.add(new PendingDelete(jobId, MetaCodec.decodeRanges(p.value())));
      }
    }
    return out;
  }

  /** A delete-range job that has not finished. */
  public record PendingDelete(long jobId, List<byte[][]> ranges) {}

  /** Stores an account, replacing the one of the same user and host. */
  public static void putUser(Transaction txn, UserInfo user) {
    txn.set(MetaKeys.user(user.user(), user.host()), UserCodec.encode(user));
  }

  public static void deleteUser(Transaction txn, String user, String host) {
    txn.delete(MetaKeys.user(user, host));
  }

  public static List<UserInfo> users(Retriever r) {
    List<UserInfo> out = new ArrayList<>();
    for (byte[] v : scan(r, MetaKeys.userPrefix())) {
      out.add(UserCodec.decode(v));
    }
    return out;
  }

  /** Whether the first accounts were made (see {@link #markUsersBootstrapped}). */
  public static boolean usersBootstrapped(Retriever r) {
    return r.get(MetaKeys.usersBootstrapped()) != null;
  }

  public static void markUsersBootstrapped(Transaction txn) {
    txn.set(MetaKeys.usersBootstrapped(), new byte[] {1});
  }

  /** The whole catalog at the reader's view. */
  public static InfoSchema load(Retriever r) {
    return new InfoSchema(schemaVersion(r), databases(r), allTables(r), new UserTable(users(r)));
  }

  private static List<byte[]> scan(Retriever r, Key prefix) {
    List<byte[]> out = new ArrayList<>();
    try (KvIterator<KvPair> it = r.iterate(KeyRange.prefix(prefix))) {
      while (it.hasNext()) {
        out.add(it.next().value());
      }
    }
    return out;
  }
}
