package io.cairn.storage.node;

import io.cairn.storage.pd.StoreStatsSource;
import io.cairn.storage.pd.StoreUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The store's figures for store heartbeats. On disk: the file system's total and usable
 * space, and the bytes of the files under the engine's directory. In memory: the JVM heap's
 * maximum, free part and used part. Traffic is not measured yet (0). Thread-safe.
 */
final class NodeStats {

  private NodeStats() {}

  static StoreStatsSource disk(Path dir) {
    return () -> {
      try {
        FileStore fs = Files.getFileStore(dir);
        long capacity = fs.getTotalSpace();
        long available = Math.min(capacity, fs.getUsableSpace());
        return StoreUsage.disk(capacity, available, sizeOf(dir));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read disk usage of " + dir, e);
      }
    };
  }

  static StoreStatsSource memory() {
    return () -> {
      Runtime rt = Runtime.getRuntime();
      long used = rt.totalMemory() - rt.freeMemory();
      long capacity = rt.maxMemory();
      return StoreUsage.disk(capacity, Math.max(0, capacity - used), used);
    };
  }

  private static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0; // deleted by a compaction while we walked
        }
      }).sum();
    }
  }
}
