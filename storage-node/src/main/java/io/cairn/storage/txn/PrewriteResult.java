package io.cairn.storage.txn;

import io.cairn.storage.mvcc.KeyError;
import java.util.List;

/**
 * The answer to a prewrite. When {@code errors} is non-empty nothing was written: either
 * every lock met (one {@code Locked} per key, as TiKV reports them) or the single error that
 * failed the request. {@code minCommitTs} is the largest min_commit_ts written.
 */
public record PrewriteResult(List<KeyError> errors, long minCommitTs) {
  public PrewriteResult {
    errors = List.copyOf(errors);
  }

  public boolean isOk() {
    return errors.isEmpty();
  }
}
