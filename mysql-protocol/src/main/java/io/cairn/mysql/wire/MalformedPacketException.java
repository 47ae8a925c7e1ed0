package io.cairn.mysql.wire;

/** A packet's payload is shorter than its fields require or holds an impossible value. */
public final class MalformedPacketException extends RuntimeException {

  public MalformedPacketException(String message) {
    super(message);
  }
}
