package io.cairn.kv;

/**
 * Another transaction committed (or, in pessimistic mode, locked) a key this transaction
 * writes after this transaction's start (or for-update) timestamp. First committer wins: this
 * transaction is rolled back, and running it again will read the winner's value.
 */
public class WriteConflictException extends KvException {

  private static final long serialVersionUID = 1L;

  private final long startTs;
  private final long conflictStartTs;
  private final long conflictCommitTs;
  private final Key key;

  /**
   * @param startTs this transaction's start timestamp
   * @param conflictStartTs the winner's start timestamp, 0 if unknown
   * @param conflictCommitTs the winner's commit timestamp, 0 if it has not committed yet
   * @param key the contended key
   */
  public WriteConflictException(long startTs, long conflictStartTs, long conflictCommitTs, Key key) {
    super(ErrorCode.WRITE_CONFLICT, startTs, conflictStartTs, conflictCommitTs, key);
    this.startTs = startTs;
    this.conflictStartTs = conflictStartTs;
    this.conflictCommitTs = conflictCommitTs;
    this.key = key;
  }

  public long startTs() {
    return startTs;
  }

  public long conflictStartTs() {
    return conflictStartTs;
  }

  public long conflictCommitTs() {
    return conflictCommitTs;
  }

  public Key key() {
    return key;
  }
}
