package io.cairn.tikv.rpc;

import io.cairn.proto.errorpb.Error;

/** A region error no retry can fix (a Raft entry too large); the request fails. */
public final class RegionErrorException extends RuntimeException {

  private final transient Error error;

  RegionErrorException(String message, Error error) {
    super(message + ": " + error.getMessage());
    this.error = error;
  }

  public Error error() {
    return error;
  }
}
