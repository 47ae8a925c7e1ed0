package io.cairn.storage.node;

import java.util.Locale;

/** The key-value engine under a node. */
public enum EngineKind {
  /** RocksDB under the node's data dir: data survives a restart. */
  ROCKSDB,
  /** Sorted maps in memory: everything is gone when the node stops (unistore, tests). */
  MEMORY;

  /**
   * Parses {@code rocksdb} or {@code memory}, case-insensitively.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static EngineKind parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "rocksdb" -> ROCKSDB;
      case "memory" -> MEMORY;
      default -> throw new IllegalArgumentException(
          "unknown engine '" + name + "' (use rocksdb or memory)");
    };
  }
}
