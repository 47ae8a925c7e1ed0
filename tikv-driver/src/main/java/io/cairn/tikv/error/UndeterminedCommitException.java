package io.cairn.tikv.error;

/**
 * A request that may have committed data (KvCommit of the primary) failed in transport after it
 * may have reached the node. The committer retries the same idempotent commit and throws this
 * only when no retry got an answer; translated to "result undetermined".
 */
public final class UndeterminedCommitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UndeterminedCommitException(String message, Throwable cause) {
    super(message, cause);
  }
}
