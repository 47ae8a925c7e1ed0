package io.cairn.tikv.retry;

/** The thread was interrupted (a KILL QUERY, a shutdown) while a task was backing off. */
public final class BackoffInterruptedException extends RuntimeException {
  BackoffInterruptedException(BackoffKind kind, InterruptedException cause) {
    super("interrupted while backing off on " + kind, cause);
  }
}
