package io.cairn.storage.pd;

import io.cairn.proto.pdpb.ErrorType;
import java.util.Objects;

/**
 * A PD call that did not succeed. {@link #kind()} says why: PD answered with an error in the
 * response header ({@link Kind#REFUSED}, with PD's {@link #pdError()}), no configured PD
 * endpoint answered in time ({@link Kind#UNAVAILABLE}), or an endpoint belongs to another
 * cluster than the one this node joined ({@link Kind#WRONG_CLUSTER}).
 */
public final class PdClientException extends RuntimeException {

  /** Why a PD call failed. */
  public enum Kind {
    /** PD answered with {@code header.error}; retrying the same request will not help. */
    REFUSED,
    /** No PD answered (transport failure, deadline, nobody listening); a retry may help. */
    UNAVAILABLE,
    /** A PD answered with another cluster id; configuration error, never retried. */
    WRONG_CLUSTER
  }

  private final Kind kind;
  private final ErrorType pdError;

  private PdClientException(Kind kind, ErrorType pdError, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind);
    this.pdError = pdError;
  }

  static PdClientException refused(String op, io.cairn.proto.pdpb.Error error) {
    return new PdClientException(Kind.REFUSED, error.getType(),
        op + " refused by PD: " + error.getType() + ": " + error.getMessage(), null);
  }

  static PdClientException unavailable(String message, Throwable cause) {
    return new PdClientException(Kind.UNAVAILABLE, null, message, cause);
  }

  static PdClientException wrongCluster(String message) {
    return new PdClientException(Kind.WRONG_CLUSTER, null, message, null);
  }

  public Kind kind() {
    return kind;
  }

  /** PD's error type for {@link Kind#REFUSED}, {@code null} otherwise. */
  public ErrorType pdError() {
    return pdError;
  }

  /** True when PD refused with exactly this error type. */
  public boolean isRefusal(ErrorType type) {
    return kind == Kind.REFUSED && pdError == type;
  }
}
