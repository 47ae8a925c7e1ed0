package io.cairn.sql.exec;

/** The join types the executors run; SEMI and ANTI output only the left columns. */
public enum JoinKind {
  INNER,
  LEFT,
  RIGHT,
  FULL,
  SEMI,
  ANTI;

  public boolean projectsRight() {
    return this != SEMI && this != ANTI;
  }
}
