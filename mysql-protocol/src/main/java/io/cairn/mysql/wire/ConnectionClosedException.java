package io.cairn.mysql.wire;

/** The client's channel closed while the connection was reading or writing. */
public final class ConnectionClosedException extends RuntimeException {

  public ConnectionClosedException() {
    super("connection closed", null, false, false);
  }
}
