package io.cairn.storage.engine;

/**
 * The column families every engine holds. Their roles follow TiKV:
 *
 * <ul>
 *   <li>{@link #DEFAULT}: MVCC values at {@code key + start_ts} (large values only);
 *   <li>{@link #LOCK}: Percolator locks at {@code key};
 *   <li>{@link #WRITE}: commit records at {@code key + commit_ts};
 *   <li>{@link #RAFT}: region state and applied indexes of the Raft groups; also raw KV.
 * </ul>
 */
public enum ColumnFamily {
  DEFAULT("default"),
  LOCK("lock"),
  WRITE("write"),
  RAFT("raft");

  private final String cfName;

  ColumnFamily(String cfName) {
    this.cfName = cfName;
  }

  /** The name of this family inside a RocksDB database ("default" is RocksDB's own). */
  public String cfName() {
    return cfName;
  }
}
