package io.cairn.slt;

/** A script that does not follow the sqllogictest format. */
public class SltFormatException extends RuntimeException {
  public SltFormatException(String message) {
    super(message);
  }
}
