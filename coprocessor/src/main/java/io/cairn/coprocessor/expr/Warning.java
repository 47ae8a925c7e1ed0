package io.cairn.coprocessor.expr;

/** A condition raised during evaluation, as {@code SHOW WARNINGS} lists it. */
public record Warning(Level level, int code, String message) {
  /** MySQL's condition levels. */
  public enum Level {
    NOTE,
    WARNING,
    ERROR
  }

  @Override
  public String toString() {
    return level + " " + code + " " + message;
  }
}
