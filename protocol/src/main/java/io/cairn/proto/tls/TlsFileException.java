package io.cairn.proto.tls;

/**
 * A configured certificate, key or CA file cannot be used: missing, unreadable, not PEM, or a
 * key that does not belong to its certificate. At start-up it stops the process; during a
 * reload it is logged and the previous credentials stay in use.
 */
public final class TlsFileException extends IllegalArgumentException {

  TlsFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
