package io.cairn.kv;

/**
 * The storage errors the SQL layer can meet, each with the MySQL error number and SQLSTATE a
 * client receives, a message template ({@link String#format} syntax), and two flags:
 *
 * <ul>
 *   <li>{@code retryable}: running the whole transaction again from the start may succeed
 *       (a conflict or a transient fault, not a bug in the statement);
 *   <li>{@code undetermined}: nobody knows whether the commit took effect. A client that
 *       retries may apply it twice, so TiDB closes the connection instead of answering.
 * </ul>
 *
 * <p>The numbers are TiDB's ({@code pkg/errno/errcode.go}) where TiDB defines one and MySQL's
 * otherwise. TiDB has no number for an undetermined result: its {@code ErrResultUndetermined}
 * reaches the client as 1105 (ER_UNKNOWN_ERROR) with the message "execution result
 * undetermined", and so does Cairn's.
 */
public enum ErrorCode {
  KEY_EXISTS(1062, "23000", "Duplicate entry '%s' for key '%s'", false, false),
  LOCK_WAIT_TIMEOUT(1205, "HY000", "Lock wait timeout exceeded; try restarting transaction", true, false),
  DEADLOCK(1213, "40001", "Deadlock found when trying to get lock; try restarting transaction", true, false),
  READ_ONLY_TRANSACTION(1792, "25006", "Cannot execute statement in a READ ONLY transaction.", false, false),
  RESULT_UNDETERMINED(1105, "HY000", "execution result undetermined", false, true),
  STORAGE_CLOSED(1105, "HY000", "storage %s is closed", false, false),
  COPROCESSOR_ERROR(1105, "HY000", "other error: %s", false, false),
  TXN_TOO_LARGE(8004, "HY000", "Transaction is too large, size: %d", false, false),
  TXN_RETRYABLE(8022, "HY000", "Error: KV error safe to retry %s ", true, false),
  INVALID_TXN(8024, "HY000", "invalid transaction: %s", false, false),
  ENTRY_TOO_LARGE(8025, "HY000", "entry too large, the max entry size is %d, the size of data is %d", false, false),
  INFO_SCHEMA_CHANGED(8028, "HY000", "Information schema is changed during the execution of the statement(for example, table definition may be updated by other DDL ran in parallel). If you see this error often, try increasing `tidb_max_delta_schema_count`. [try again later]", true, false),
  SNAPSHOT_TOO_OLD(8055, "HY000", "snapshot is older than GC safe point %s", false, false),
  LOCK_EXPIRED(8229, "HY000", "TTL manager has timed out, pessimistic locks may expire, please commit or rollback this transaction", false, false),
  PD_SERVER_TIMEOUT(9001, "HY000", "PD server timeout: %s", true, false),
  TIKV_SERVER_TIMEOUT(9002, "HY000", "TiKV server timeout", true, false),
  TIKV_SERVER_BUSY(9003, "HY000", "TiKV server is busy", true, false),
  RESOLVE_LOCK_TIMEOUT(9004, "HY000", "Resolve lock timeout", true, false),
  REGION_UNAVAILABLE(9005, "HY000", "Region is unavailable", true, false),
  GC_TOO_EARLY(9006, "HY000", "GC life time is shorter than transaction duration, transaction starts at %s, GC safe point is %s", false, false),
  WRITE_CONFLICT(9007, "HY000", "Write conflict, txnStartTS=%d, conflictStartTS=%d, conflictCommitTS=%d, key=%s [try again later]", true, false);

  private final int errno;
  private final String sqlState;
  private final String template;
  private final boolean retryable;
  private final boolean undetermined;

  ErrorCode(int errno, String sqlState, String template, boolean retryable, boolean undetermined) {
    this.errno = errno;
    this.sqlState = sqlState;
    this.template = template;
    this.retryable = retryable;
    this.undetermined = undetermined;
  }

  /** The MySQL error number sent to clients. */
  public int errno() {
    return errno;
  }

  /** The five-character SQLSTATE sent to clients. */
  public String sqlState() {
    return sqlState;
  }

  public String template() {
    return template;
  }

  public boolean retryable() {
    return retryable;
  }

  public boolean undetermined() {
    return undetermined;
  }

  /** The message with {@code args} filled into the template. */
  public String format(Object... args) {
    return String.format(template, args);
  }
}
