package io.cairn.tikv.driver;

import io.cairn.kv.Driver;
import io.cairn.kv.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code embedded://path}: the driver over an in-process PD (metadata persisted under
 * {@code path/pd}) and one in-process node on RocksDB under {@code path/node}, reached over
 * in-process gRPC channels. The node runs its regions as one-replica Raft groups (Ratis log
 * under {@code path/node/raft}, Raft server on a free loopback port); a directory written
 * before, without replication, is adopted. Everything committed survives closing and reopening the same
 * path. A relative path is resolved against the working directory; the store cache key is
 * the absolute, normalized path, so {@code embedded://./data} and {@code embedded://data}
 * share one storage. The same path must not be opened by two processes (RocksDB's lock
 * refuses the second). Takes no options. Reads are kept above PD's GC safe point; the driver
 * runs no GC worker. Thread-safe.
 */
public final class EmbeddedDriver implements Driver {

  private final StoreCache cache;

  /** A driver on the process-wide {@link StoreCache#PROCESS}, as ServiceLoader builds it. */
  public EmbeddedDriver() {
    this(StoreCache.PROCESS);
  }

  public EmbeddedDriver(StoreCache cache) {
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  @Override
  public String scheme() {
    return "embedded";
  }

  /**
   * @throws UncheckedIOException when the directory cannot be created
   * @throws RuntimeException as the node and PD throw it when they cannot start there (e.g.
   *     the directory is in use by another process)
   */
  @Override
  public Storage open(String url) {
    StorageUrl parsed = StorageUrl.parse(url, scheme(), Set.of());
    if (parsed.path().isBlank()) {
      throw new IllegalArgumentException("embedded:// needs a directory, e.g. embedded://./data: "
          + url);
    }
    Path dir;
    try {
      dir = Path.of(parsed.path()).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("bad embedded path in " + url, e);
    }
    String key = parsed.withPath(dir.toString()).normalized();
    return cache.open(key, () -> {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the embedded data dir " + dir, e);
      }
      return InProcessCluster.openStorage(key, "embedded", dir, 1, List.of());
    });
  }
}
