package io.cairn.tikv.resource;

/** A resource-group DDL the registry refuses: the reason says which, for the SQL layer's errno. */
public final class ResourceGroupException extends RuntimeException {

  public enum Reason {
    /** No group has that name. */
    UNKNOWN,
    /** A group of that name exists already. */
    EXISTS,
    /** The {@code default} group cannot be dropped. */
    DEFAULT_NOT_DROPPABLE
  }

  private final Reason reason;

  ResourceGroupException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
