package io.cairn.storage.txn;

import io.cairn.storage.mvcc.KeyError;
import java.util.List;

/**
 * The answer to a prewrite. When {@code errors} is non-empty nothing was written: either
 * every lock met (one {@code Locked} per key, as TiKV reports them) or the single error that
 * failed the request. {@code minCommitTs} is the largest min_commit_ts written.
 * {@code onePcCommitTs} is non-zero when the transaction was committed in one phase at that
 * timestamp (no locks were written), 0 for a two-phase prewrite.
 */
public record PrewriteResult(List<KeyError> errors, long minCommitTs, long onePcCommitTs) {
  public PrewriteResult {
    errors = List.copyOf(errors);
  }

  /** A two-phase answer. */
  public PrewriteResult(List<KeyError> errors, long minCommitTs) {
    this(errors, minCommitTs, 0);
  }

  public boolean isOnePc() {
    return onePcCommitTs != 0;
  }

  public boolean isOk() {
    return errors.isEmpty();
  }
}
