package io.cairn.storage.raft;

/** The Raft position {@code term:index} of an applied log entry. */
public record Applied(long term, long index) implements Comparable<Applied> {
  public static final Applied NONE = new Applied(0, 0);

  @Override
  public int compareTo(Applied o) {
    return Long.compare(index, o.index);
  }
}
