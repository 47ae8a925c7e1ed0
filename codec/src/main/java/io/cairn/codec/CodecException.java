package io.cairn.codec;

/** Raised when bytes do not hold a valid encoding of the expected kind. */
public class CodecException extends RuntimeException {
  public CodecException(String message) {
    super(message);
  }
}
