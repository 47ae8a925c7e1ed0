package io.cairn.pd;

import io.cairn.proto.pdpb.ErrorType;

/**
 * A request PD refuses, with the error type that goes into the response header. Thrown by the
 * core classes; the gRPC layer turns it into {@code ResponseHeader.error}.
 */
public final class PdException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final ErrorType type;

  public PdException(ErrorType type, String message) {
    super(message);
    this.type = type;
  }

  public ErrorType type() {
    return type;
  }
}
